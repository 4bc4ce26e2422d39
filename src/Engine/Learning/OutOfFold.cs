namespace AugBuild.Engine.Learning;

/// <summary>
/// Held-out class probabilities of every row (each from the cross-validation fit that did not see it) and what
/// confident learning (Northcutt, Jiang and Chuang, JAIR 2021) reads from them: the self-confidence p(y_i | x_i)
/// and the off-diagonal of the confident joint as suspected label issues.
/// </summary>
public sealed class OutOfFold
{
    public static OutOfFold Empty { get; } = new([], [], 0);

    private readonly double[] _probabilities;
    private readonly int[] _labels;

    /// <param name="probabilities">n x K, row-major.</param>
    /// <param name="folds">The fold that held each row out (empty when unknown).</param>
    public OutOfFold(double[] probabilities, int[] labels, int classCount, int[]? folds = null)
    {
        if (probabilities.Length != labels.Length * classCount)
            throw new ArgumentException($"Expected {labels.Length} x {classCount} probabilities, got {probabilities.Length}.", nameof(probabilities));
        _probabilities = probabilities;
        _labels = labels;
        ClassCount = classCount;
        Folds = folds ?? [];
    }

    public int Count => _labels.Length;

    /// <summary>The fold that held each row out, so a reader can refit any fold.</summary>
    public IReadOnlyList<int> Folds { get; }

    /// <summary>True when there are probabilities (false for <see cref="Empty"/>, e.g. C fell back without CV).</summary>
    public bool IsKnown => Count > 0;

    public int ClassCount { get; }

    public ReadOnlySpan<double> Row(int i) => _probabilities.AsSpan(i * ClassCount, ClassCount);

    /// <summary>p(y_i | x_i) under the fit that held row i out.</summary>
    public double[] SelfConfidence() => Enumerable.Range(0, Count).Select(i => _probabilities[i * ClassCount + _labels[i]]).ToArray();

    /// <summary>The held-out prediction (argmax, ties to the lower class) of each row.</summary>
    public int[] Predicted() => Enumerable.Range(0, Count).Select(i => ArgMax(Row(i))).ToArray();

    /// <summary>True where the held-out prediction differs from the label.</summary>
    public bool[] Misclassified()
    {
        var predicted = Predicted();
        return Enumerable.Range(0, Count).Select(i => predicted[i] != _labels[i]).ToArray();
    }

    /// <summary>Share of rows whose held-out prediction differs from their label.</summary>
    public double Error() => ErrorOf(Misclassified());

    /// <summary>Share of true flags in <paramref name="misclassified"/> (0 when empty): <see cref="Error"/> from flags already computed.</summary>
    public static double ErrorOf(IReadOnlyList<bool> misclassified) =>
        misclassified.Count == 0 ? 0 : misclassified.Count(w => w) / (double)misclassified.Count;

    /// <summary>
    /// Confident learning's label issues: with t_j the mean held-out p(j | x) over the rows labelled j, row i counts
    /// for the class j with the largest p(j | x_i) among those with p(j | x_i) &gt;= t_j, and is flagged when that
    /// class is not its label (an off-diagonal entry of the confident joint; cleanlab's
    /// <c>filter_by="confident_learning"</c>). Rows with no class above its threshold are not flagged.
    /// </summary>
    public bool[] SuspectLabels()
    {
        var threshold = Thresholds();
        var flagged = new bool[Count];
        for (int i = 0; i < Count; i++)
        {
            var p = Row(i);
            int best = -1;
            for (int j = 0; j < ClassCount; j++)
                if (p[j] >= threshold[j] && (best < 0 || p[j] > p[best])) best = j;
            flagged[i] = best >= 0 && best != _labels[i];
        }

        return flagged;
    }

    /// <summary>t_j: the mean held-out p(j | x) over the rows labelled j (1 for a class with no rows, so it never catches a row).</summary>
    public double[] Thresholds()
    {
        var sum = new double[ClassCount];
        var count = new int[ClassCount];
        for (int i = 0; i < Count; i++)
        {
            sum[_labels[i]] += _probabilities[i * ClassCount + _labels[i]];
            count[_labels[i]]++;
        }

        return sum.Select((s, j) => count[j] == 0 ? 1 : s / count[j]).ToArray();
    }

    private static int ArgMax(ReadOnlySpan<double> p)
    {
        int best = 0;
        for (int j = 1; j < p.Length; j++)
            if (p[j] > p[best]) best = j;
        return best;
    }
}
