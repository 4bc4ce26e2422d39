using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Learning;

/// <summary>
/// Stratified fold assignment: each class's rows are shuffled with a seeded <see cref="Random"/>, the classes are
/// concatenated in label order and position t goes to fold t mod k. Every fold then holds each class's share
/// to within one row, and fold sizes differ by at most one.
/// </summary>
internal static class StratifiedFolds
{
    public static int[] Assign(int[] labels, int classCount, int folds, int seed)
    {
        var counts = new int[classCount];
        foreach (int y in labels) counts[y]++;
        int smallest = counts.Where(c => c > 0).DefaultIfEmpty(0).Min();
        if (folds < 2 || smallest < folds)
        {
            throw new ArgumentException($"Cross-validation with {folds} folds needs at least 2 folds and at least {folds} rows in every class; the smallest class has {smallest}. Lower the fold count or fix C.",
                nameof(folds));
        }

        var rng = new Random(seed);
        var fold = new int[labels.Length];
        int position = 0;
        for (int c = 0; c < classCount; c++)
        {
            var rows = Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).ToArray();
            rng.Shuffle(rows);
            foreach (int i in rows) fold[i] = position++ % folds;
        }

        return fold;
    }
}
