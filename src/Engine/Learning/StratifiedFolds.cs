using System.IO.Hashing;
using System.Text;
using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Learning;

/// <summary>
/// Stratified fold assignment: each class's rows are put in an order, the classes are concatenated in label order
/// and position t goes to fold t mod k. Every fold then holds each class's share to within one row, and fold
/// sizes differ by at most one. <see cref="Assign"/> orders rows by a seeded shuffle of their indices;
/// <see cref="AssignByKey"/> by a seeded hash of each row's content key, so the folds depend on the images, not on
/// their names or order.
/// </summary>
internal static class StratifiedFolds
{
    public static int[] Assign(int[] labels, int classCount, int folds, int seed)
    {
        RequireEnoughRows(labels, classCount, folds);
        var rng = new Random(seed);
        return Deal(labels, classCount, folds, rows => rng.Shuffle(rows));
    }

    /// <summary>Rows ordered by XxHash64(seed, key) within each class. Equal keys are identical images of one class, so which of them gets which fold cannot matter.</summary>
    public static int[] AssignByKey(int[] labels, IReadOnlyList<string> keys, int classCount, int folds, int seed)
    {
        if (keys.Count != labels.Length)
        {
            throw new ArgumentException($"{keys.Count} content keys for {labels.Length} rows; give one key per row.", nameof(keys));
        }

        RequireEnoughRows(labels, classCount, folds);
        var hashes = keys.Select(key => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(key), seed)).ToArray();
        return Deal(labels, classCount, folds, rows =>
            Array.Sort(rows, (a, b) => hashes[a] != hashes[b] ? hashes[a].CompareTo(hashes[b]) : string.CompareOrdinal(keys[a], keys[b])));
    }

    private static int[] Deal(int[] labels, int classCount, int folds, Action<int[]> order)
    {
        var fold = new int[labels.Length];
        int position = 0;
        for (int c = 0; c < classCount; c++)
        {
            var rows = Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).ToArray();
            order(rows);
            foreach (int i in rows) fold[i] = position++ % folds;
        }

        return fold;
    }

    private static void RequireEnoughRows(int[] labels, int classCount, int folds)
    {
        var counts = new int[classCount];
        foreach (int y in labels) counts[y]++;
        int smallest = counts.Where(c => c > 0).DefaultIfEmpty(0).Min();
        if (folds < 2 || smallest < folds)
        {
            throw new ArgumentException($"Cross-validation with {folds} folds needs at least 2 folds and at least {folds} rows in every class; the smallest class has {smallest}. Lower the fold count or fix C.",
                nameof(folds));
        }
    }
}
