using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Selection;

/// <summary>
/// The guard: before a policy draws, it sets aside the images whose copies would teach the probe wrong labels:
/// the top <c>share</c> of the images by score (the extreme tail of loss or influence, which is mostly misclassified
/// images) and every image flagged as a suspected label issue. The policy orders the rest; the guarded images follow,
/// least extreme score first (ties by index), so only a budget above the kept count reaches them.
/// </summary>
public static class SelectionGuard
{
    /// <summary>
    /// Share removed from the top of the score when <c>guard</c> is written without one: the Fashion-MNIST
    /// sweep had "drop the top 10% then uniform" positive in 10 of 10 settings; docs/results.md has this benchmark's.
    /// </summary>
    public const double DefaultShare = AugBuild.Settings.PolicyGrammar.DefaultGuardShare;

    /// <summary>The number of top-scored images the share removes: share * n rounded half away from zero.</summary>
    public static int TailCount(int n, double share) => (int)Math.Round(share * n, MidpointRounding.AwayFromZero);

    /// <summary>The kept candidates in index order, and the guarded ones in the order they follow the policy's.</summary>
    public static (int[] Kept, int[] Guarded) Split(IReadOnlyList<double> scores, bool[]? suspectLabels, double share)
    {
        var n = scores.Count;
        if (suspectLabels is not null && suspectLabels.Length != n)
        {
            throw new ArgumentException($"The guard got {suspectLabels.Length} suspected-label flags for {n} points; it needs one per point.", nameof(suspectLabels));
        }

        var all = Enumerable.Range(0, n).ToArray();
        var guarded = new bool[n];
        foreach (var i in Orderings.Sorted(scores, all, descending: true).Take(TailCount(n, share)))
            guarded[i] = true;
        if (suspectLabels is not null)
        {
            for (var i = 0; i < n; i++)
                guarded[i] |= suspectLabels[i];
        }

        var kept = all.Where(i => !guarded[i]).ToArray();
        var removed = Orderings.Sorted(scores, all.Where(i => guarded[i]).ToArray(), descending: false);
        return (kept, removed);
    }
}
