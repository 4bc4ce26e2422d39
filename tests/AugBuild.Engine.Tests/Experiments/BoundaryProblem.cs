using AugBuild.Engine.Experiments;

namespace AugBuild.Engine.Tests.Experiments;

/// <summary>
/// A feature-level problem whose answer is known. Feature s decides the class; feature t is a nuisance that the
/// training originals correlate with the class (t = +-0.8), so the probe leans on it. Each copy shifts t by
/// -2, -1, +1 or +2 (the "transform"), which the augmented test set contains. Only copies of the few points near the
/// boundary (|s| &lt;= 0.4) teach the probe to ignore t: copies of far points (|s| ~ 2) are classified correctly
/// anyway and barely move a logistic fit. A loss-based policy picks the near points first; random picks mostly far ones.
/// </summary>
internal static class BoundaryProblem
{
    private static readonly float[] Shifts = [-2f, -1f, 1f, 2f];

    public static ExperimentFeatures Create(int far = 80, int near = 20, int test = 100, int seed = 3)
    {
        var rng = new Random(seed);
        var rows = new List<float[]>();
        var labels = new List<int>();
        for (var i = 0; i < far + near; i++)
        {
            var y = i % 2;
            var magnitude = i < far ? 1.5 + rng.NextDouble() : 0.1 + 0.3 * rng.NextDouble();
            rows.Add(Point(y, magnitude, rng));
            labels.Add(y);
        }

        var testRows = new List<float[]>();
        var testLabels = new List<int>();
        for (var i = 0; i < test; i++)
        {
            var y = i % 2;
            var original = Point(y, 0.05 + 0.35 * rng.NextDouble(), rng);
            testRows.Add(original);
            testLabels.Add(y);
            foreach (var copy in Copies(original))
            {
                testRows.Add(copy);
                testLabels.Add(y);
            }
        }

        return new ExperimentFeatures
        {
            TrainRows = rows,
            TrainLabels = [.. labels],
            TrainCopies = rows.Select(Copies).ToList(),
            TestRows = testRows,
            TestLabels = [.. testLabels],
            ClassNames = ["minus", "plus"],
            Description = "synthetic boundary problem",
        };
    }

    /// <summary>Indices of the near-boundary training points.</summary>
    public static IEnumerable<int> Near(ExperimentFeatures f) => Enumerable.Range(0, f.TrainCount).Where(i => Math.Abs(f.TrainRows[i][0]) < 1);

    private static float[] Point(int y, double magnitude, Random rng)
    {
        var sign = y == 1 ? 1 : -1;
        return [(float)(sign * magnitude), (float)(sign * 0.8 + 0.05 * (rng.NextDouble() - 0.5))];
    }

    private static float[][] Copies(float[] x) => Shifts.Select(d => new[] { x[0], x[1] + d }).ToArray();
}
