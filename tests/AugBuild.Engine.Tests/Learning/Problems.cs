using AugBuild.Engine.Learning;

namespace AugBuild.Engine.Tests.Learning;

/// <summary>Small random classification problems and the objective written out from method.md's formulas.</summary>
internal static class Problems
{
    /// <summary>Overlapping Gaussian classes (so the optimum is well inside), optional random weights in [0.2, 2].</summary>
    public static TrainingSet Gaussian(int n, int d, int k, int seed, bool weighted = false, double separation = 1.0)
    {
        var rng = new Random(seed);
        var means = new double[k, d];
        for (int c = 0; c < k; c++)
            for (int j = 0; j < d; j++) means[c, j] = separation * (rng.NextDouble() * 2 - 1);
        var x = new double[n * d];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = i % k;
            for (int j = 0; j < d; j++) x[i * d + j] = means[y[i], j] + (rng.NextDouble() * 2 - 1);
        }

        double[]? w = weighted ? Enumerable.Range(0, n).Select(_ => 0.2 + 1.8 * rng.NextDouble()).ToArray() : null;
        return new TrainingSet(x, d, y, k, w);
    }

    public static double[] RandomParameters(int d, int k, int seed, double scale = 0.5)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, (k - 1) * (d + 1)).Select(_ => scale * (rng.NextDouble() * 2 - 1)).ToArray();
    }

    /// <summary>Softmax probabilities of all K classes at theta (class 0 logit fixed at 0), by direct formula.</summary>
    public static double[] Probabilities(double[] theta, ReadOnlySpan<double> x, int k)
    {
        int d = x.Length;
        var z = new double[k];
        for (int c = 1; c < k; c++)
        {
            double s = theta[(c - 1) * (d + 1) + d];
            for (int j = 0; j < d; j++) s += theta[(c - 1) * (d + 1) + j] * x[j];
            z[c] = s;
        }

        double max = z.Max();
        double sum = z.Sum(v => Math.Exp(v - max));
        return z.Select(v => Math.Exp(v - max) / sum).ToArray();
    }

    /// <summary>L(theta) = sum_i c_i (-log p_{y_i}) + lambda/2 sum ||w_c||^2.</summary>
    public static double Objective(double[] theta, TrainingSet data, double lambda)
    {
        double value = 0;
        for (int i = 0; i < data.Count; i++)
            value -= data.Weights[i] * Math.Log(Probabilities(theta, data.Row(i), data.ClassCount)[data.Labels[i]]);
        int d = data.Dimension;
        for (int c = 0; c < data.ClassCount - 1; c++)
            for (int j = 0; j < d; j++) value += 0.5 * lambda * theta[c * (d + 1) + j] * theta[c * (d + 1) + j];
        return value;
    }

    /// <summary>
    /// grad and Hessian of sum_i c_i l_i + penalty from the Kronecker formulas, entry by entry (row i contributes
    /// c_i (p_a - [y=a]) xt_j to entry (a, j), and c_i (p_a [a=b] - p_a p_b) xt_j xt_l to entry ((a, j), (b, l))).
    /// </summary>
    public static (double[] Gradient, double[,] Hessian) Derivatives(double[] theta, TrainingSet data, double lambda)
    {
        int d = data.Dimension, d1 = d + 1, k = data.ClassCount, p = (k - 1) * d1;
        var g = new double[p];
        var h = new double[p, p];
        for (int i = 0; i < data.Count; i++)
        {
            var x = data.Row(i).ToArray().Append(1.0).ToArray();
            var prob = Probabilities(theta, data.Row(i), k);
            double c = data.Weights[i];
            for (int a = 1; a < k; a++)
            {
                for (int j = 0; j < d1; j++)
                {
                    g[(a - 1) * d1 + j] += c * (prob[a] - (data.Labels[i] == a ? 1 : 0)) * x[j];
                    for (int b = 1; b < k; b++)
                    {
                        double coefficient = c * ((a == b ? prob[a] : 0) - prob[a] * prob[b]);
                        for (int l = 0; l < d1; l++) h[(a - 1) * d1 + j, (b - 1) * d1 + l] += coefficient * x[j] * x[l];
                    }
                }
            }
        }

        for (int a = 0; a < k - 1; a++)
        {
            for (int j = 0; j < d; j++)
            {
                g[a * d1 + j] += lambda * theta[a * d1 + j];
                h[a * d1 + j, a * d1 + j] += lambda;
            }
        }

        return (g, h);
    }
}
