using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Selection;

/// <summary>Turns scores (or features, for vsv) into an ordering of the training points and the budgeted subset.</summary>
public static class Selector
{
    public static SelectionResult Select(SelectionRequest request)
    {
        var n = request.PointCount;
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(request.Budget);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.Budget, n);
        var reporter = request.Reporter ?? NullReporter.Instance;
        var policy = request.Policy;

        if (policy.Kind == PolicyKind.Vsv)
            return SelectVsv(request, reporter);

        var scores = request.Scores;
        if (policy.ReadsScores || scores is not null)
            ScoreChecks.Validate(scores, n, "scores");

        var m = request.Budget;
        var rng = new SeededRandom(request.Seed);
        var (candidates, guarded) = policy.Guard is { } share
            ? SelectionGuard.Split(scores!, request.SuspectLabels, share)
            : (Enumerable.Range(0, n).ToArray(), []);
        var scoreUsed = scores is null ? new double[n] : (double[])scores.Clone();
        int[] order;
        IReadOnlyList<int> rescoredAt = [];
        if (policy.Kind == PolicyKind.Baseline)
            order = Orderings.Uniform(candidates, rng);
        else if (policy.Update)
            (order, rescoredAt) = DrawWithUpdates(request, scores!, candidates, scoreUsed, rng, reporter);
        else
            order = Draw(policy, scores!, candidates, rng);
        order = [.. order, .. guarded];

        var selected = new bool[n];
        foreach (var i in order.AsSpan(0, m))
            selected[i] = true;
        var weight = policy.Downweight
            ? Downweighting.Weights(n, order.Take(m), request.CopiesPerPoint)
            : Downweighting.Weights(n, [], 0);

        return new SelectionResult
        {
            Order = order,
            Rank = RankOf(order),
            Selected = selected,
            Weight = weight,
            Score = scoreUsed,
            Budget = m,
            RescoredAt = rescoredAt,
            GuardedCount = guarded.Length,
        };
    }

    /// <summary>The ordering of <paramref name="candidates"/> under a score policy.</summary>
    private static int[] Draw(PolicySpec policy, double[] scores, IReadOnlyList<int> candidates, SeededRandom rng) => policy.Kind switch
    {
        PolicyKind.DeterministicProportional => Orderings.Sorted(scores, candidates, descending: true),
        PolicyKind.DeterministicInverse => Orderings.Sorted(scores, candidates, descending: false),
        PolicyKind.RandomProportional => Orderings.PlackettLuce(scores, candidates, inverse: false, rng),
        PolicyKind.RandomInverse => Orderings.PlackettLuce(scores, candidates, inverse: true, rng),
        PolicyKind.RandomPower => Orderings.PlackettLuce(scores, candidates, inverse: false, rng, policy.Exponent),
        PolicyKind.Moderate => Orderings.NearestMedian(scores, candidates),
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy.Kind, "not a score policy"),
    };

    /// <summary>
    /// The <c>update</c> modifier: at each checkpoint c (ascending), draw an ordering of the not-yet-selected points
    /// from the current scores and keep its first c - (picked so far); then ask the caller to refit and rescore.
    /// No rescore follows the last checkpoint or a checkpoint that exhausts the points; the points after the last
    /// checkpoint are ordered by the last scores. Before the first rescore the draw is the one the policy makes
    /// without <c>update</c> (same seed, same prefix).
    /// </summary>
    private static (int[] Order, IReadOnlyList<int> RescoredAt) DrawWithUpdates(SelectionRequest request, double[] scores,
        IReadOnlyList<int> candidates, double[] scoreUsed, SeededRandom rng, IReporter reporter)
    {
        var n = request.PointCount;
        var rescore = request.Rescore ?? throw new ArgumentException($"Policy '{request.Policy}' uses the update modifier, but no rescore callback was given.", nameof(request));
        var checkpoints = Checkpoints(request);

        var order = new List<int>(n);
        var remaining = new SortedSet<int>(candidates);
        var current = scores;
        var rescoredAt = new List<int>();
        for (var k = 0; k < checkpoints.Length && remaining.Count > 0; k++)
        {
            var draw = Draw(request.Policy, current, remaining.ToArray(), rng);
            Take(draw.AsSpan(0, Math.Min(checkpoints[k] - order.Count, draw.Length)));
            if (remaining.Count == 0 || k == checkpoints.Length - 1) break;

            reporter.Progress("select: update", order.Count, n, ProgressUnits.Points);
            current = rescore(order.ToArray());
            CheckRescored(current, remaining, n);
            rescoredAt.Add(checkpoints[k]);
        }

        Take(Draw(request.Policy, current, remaining.ToArray(), rng));
        return (order.ToArray(), rescoredAt);

        void Take(ReadOnlySpan<int> picks)
        {
            foreach (var i in picks)
            {
                order.Add(i);
                remaining.Remove(i);
                scoreUsed[i] = current[i];
            }
        }
    }

    /// <summary>The update grid: the caller's or the default, sorted, zeros dropped, each within 1..n.</summary>
    private static int[] Checkpoints(SelectionRequest request)
    {
        var n = request.PointCount;
        var grid = request.Checkpoints ?? UpdateCheckpoints.Default(n, request.Budget);
        if (grid.Any(c => c < 0 || c > n))
        {
            throw new ArgumentException($"Update checkpoints must lie in 0..{n} (the training set size); got {string.Join(", ", grid)}. Remove budgets larger than the training set.",
                nameof(request));
        }

        return grid.Where(c => c > 0).Distinct().Order().ToArray();
    }

    private static void CheckRescored(double[]? scores, SortedSet<int> remaining, int n)
    {
        if (scores is null || scores.Length != n)
            throw new ArgumentException($"The update rescore returned {scores?.Length.ToString() ?? "no"} scores for {n} points; it must score every original.", nameof(scores));
        foreach (var i in remaining)
        {
            if (!double.IsFinite(scores[i]) || scores[i] < 0)
            {
                throw new AugBuildException(SelectionErrors.ScoresInvalid,
                    $"The update rescore gave point {i} the score {scores[i]}; scores must be finite and >= 0. Check the refit on the augmented set.",
                    "Policy");
            }
        }
    }

    private static SelectionResult SelectVsv(SelectionRequest request, IReporter reporter)
    {
        if (request.Features is null || request.Labels is null || request.Labels.Length != request.PointCount)
            throw new ArgumentException($"Policy 'vsv' needs the features and a label for each of the {request.PointCount} points.", nameof(request));
        var vsv = Vsv.Select(request.Features, request.Dimension, request.Labels, request.ClassCount, request.VsvOptions, reporter);
        if (request.Budget != vsv.SupportVectorCount)
            reporter.Info($"select: vsv sets the budget to its {vsv.SupportVectorCount} support vectors (requested {request.Budget}).");
        return new SelectionResult
        {
            Order = vsv.Order,
            Rank = RankOf(vsv.Order),
            Selected = vsv.IsSupportVector,
            Weight = Downweighting.Weights(request.PointCount, [], 0),
            Score = vsv.Margin,
            Budget = vsv.SupportVectorCount,
            RescoredAt = [],
            Vsv = vsv,
        };
    }

    private static int[] RankOf(int[] order)
    {
        var rank = new int[order.Length];
        for (var r = 0; r < order.Length; r++)
            rank[order[r]] = r;
        return rank;
    }
}
