namespace AugBuild.Engine.Selection;

/// <summary>
/// Linear SVMs for K classes: for K = 2 one machine (class 1 positive, class 0 negative); for K &gt; 2 one machine
/// per class against the rest. A point is a support vector when it is one in any machine.
/// </summary>
internal sealed class OneVsRestSvm
{
    private OneVsRestSvm(SvmSolution[] machines) => Machines = machines;

    public SvmSolution[] Machines { get; }

    public bool Converged => Machines.All(m => m.Converged);

    /// <param name="subset">Global indices of the training points.</param>
    /// <param name="labels">Class of every global point.</param>
    /// <param name="warmStart">Machines trained on the same subset with a smaller C; their alphas seed the solver.</param>
    public static OneVsRestSvm Train(GramCache gram, int[] subset, int[] labels, int classCount, double c,
        double tolerance, long maxIterations, OneVsRestSvm? warmStart = null)
    {
        var positives = classCount == 2 ? [1] : Enumerable.Range(0, classCount).ToArray();
        var machines = new SvmSolution[positives.Length];
        for (var k = 0; k < positives.Length; k++)
        {
            var y = subset.Select(i => labels[i] == positives[k] ? 1 : -1).ToArray();
            machines[k] = LinearSvm.Train(gram, subset, y, c, tolerance, maxIterations, warmStart?.Machines[k].Alpha);
        }

        return new OneVsRestSvm(machines);
    }

    /// <summary>The predicted class: sign of the one machine for K = 2, else the largest decision value (ties: lower class).</summary>
    public int Predict(ReadOnlySpan<double> x)
    {
        if (Machines.Length == 1)
            return Machines[0].Decision(x) > 0 ? 1 : 0;
        var best = 0;
        var bestValue = double.NegativeInfinity;
        for (var k = 0; k < Machines.Length; k++)
        {
            var value = Machines[k].Decision(x);
            if (value > bestValue)
            {
                bestValue = value;
                best = k;
            }
        }

        return best;
    }

    /// <summary>The smallest functional margin y_k f_k(x) of a point of class <paramref name="label"/> over the machines.</summary>
    public double Margin(ReadOnlySpan<double> x, int label)
    {
        if (Machines.Length == 1)
            return (label == 1 ? 1 : -1) * Machines[0].Decision(x);
        var margin = double.PositiveInfinity;
        for (var k = 0; k < Machines.Length; k++)
            margin = Math.Min(margin, (label == k ? 1 : -1) * Machines[k].Decision(x));
        return margin;
    }

    /// <summary>Whether the k-th training point (in subset order) has a nonzero dual coefficient in any machine.</summary>
    public bool IsSupportVector(int k) => Machines.Any(m => m.Alpha[k] > 0);
}
