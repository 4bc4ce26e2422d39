using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Selection;

/// <summary>Everything <see cref="Selector.Select"/> needs.</summary>
public sealed record SelectionRequest
{
    public required PolicySpec Policy { get; init; }

    /// <summary>Number of training points n.</summary>
    public required int PointCount { get; init; }

    /// <summary>The budget m (from <see cref="Budget.Resolve"/>); 0..n. The vsv policy replaces it by its support-vector count.</summary>
    public required int Budget { get; init; }

    /// <summary>Scores s_i &gt;= 0, one per point; required by the proportional/inverse policies, optional otherwise.</summary>
    public double[]? Scores { get; init; }

    /// <summary>
    /// Suspected label issues (scores.parquet column suspect_label), one per point; the guard sets them aside with the
    /// top of the score. Null: the guard removes the tail only.
    /// </summary>
    public bool[]? SuspectLabels { get; init; }

    /// <summary>Seed of every random draw; the same seed gives the same ordering on any machine.</summary>
    public long Seed { get; init; }

    /// <summary>Checkpoints of <c>update</c> (budget counts); null = <see cref="UpdateCheckpoints.Default"/>(n, m).</summary>
    public IReadOnlyList<int>? Checkpoints { get; init; }

    /// <summary>
    /// Required with <c>update</c>: called after each checkpoint but the last with the points augmented so far (in
    /// pick order). The caller refits on the originals plus those points' copies (weighted by
    /// <see cref="Downweighting.Weights"/> under <c>downweight</c>) and returns a new score for each of the n
    /// originals; only the entries of not-yet-selected points are read.
    /// </summary>
    public Func<IReadOnlyList<int>, double[]>? Rescore { get; init; }

    /// <summary>Copies k each augmented point gets (the transform set's size); sets the <c>downweight</c> weights.</summary>
    public int CopiesPerPoint { get; init; }

    /// <summary>vsv only: row-major features, n x <see cref="Dimension"/>.</summary>
    public double[]? Features { get; init; }

    public int Dimension { get; init; }

    /// <summary>vsv only: class of each point, 0..<see cref="ClassCount"/>-1.</summary>
    public int[]? Labels { get; init; }

    public int ClassCount { get; init; }

    public VsvOptions? VsvOptions { get; init; }

    public IReporter? Reporter { get; init; }
}
