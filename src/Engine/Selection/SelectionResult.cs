namespace AugBuild.Engine.Selection;

/// <summary>The ordering of all n points and the budgeted subset it gives.</summary>
public sealed class SelectionResult
{
    /// <summary>Point indices in pick order; the selection is the first <see cref="Budget"/>.</summary>
    public required int[] Order { get; init; }

    /// <summary>0-based rank of each point in <see cref="Order"/>.</summary>
    public required int[] Rank { get; init; }

    public required bool[] Selected { get; init; }

    /// <summary>The selected points in pick order (the first <see cref="Budget"/> of <see cref="Order"/>).</summary>
    public ReadOnlySpan<int> SelectedInOrder => Order.AsSpan(0, Budget);

    /// <summary>
    /// Training weight of each original and of each of its copies: 1/(k+1) for selected points under
    /// <c>downweight</c>, else 1.
    /// </summary>
    public required double[] Weight { get; init; }

    /// <summary>
    /// The score each point was ordered by: under <c>update</c> the score from the round in which it was drawn;
    /// for vsv its SVM margin; for baseline the given scores (0 when none).
    /// </summary>
    public required double[] Score { get; init; }

    /// <summary>The number of selected points (for vsv, the support-vector count).</summary>
    public required int Budget { get; init; }

    /// <summary>The checkpoints at which <c>update</c> called the rescore callback, in order (empty otherwise).</summary>
    public required IReadOnlyList<int> RescoredAt { get; init; }

    /// <summary>Images the guard set aside (the last ones of <see cref="Order"/>); 0 without a guard.</summary>
    public int GuardedCount { get; init; }

    /// <summary>The SVM details for vsv; null for other policies.</summary>
    public VsvResult? Vsv { get; init; }
}
