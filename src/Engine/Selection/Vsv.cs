using System.Globalization;
using AugBuild.Engine.Diagnostics;
using AugBuild.Settings;

namespace AugBuild.Engine.Selection;

/// <summary>
/// The vsv policy: train a linear SVM on the features (C by stratified k-fold CV), select its support vectors.
/// Order: support vectors first, most violating first (smallest margin y f(x); alpha = C points come before
/// points on the margin), then the remaining points, closest to the boundary first; ties by index.
/// </summary>
public static class Vsv
{
    public static VsvResult Select(double[] features, int dimension, int[] labels, int classCount,
        VsvOptions? options = null, IReporter? reporter = null)
    {
        options ??= new VsvOptions();
        reporter ??= NullReporter.Instance;
        var n = labels.Length;
        Validate(features, dimension, labels, classCount, options);

        var gram = new GramCache(features, dimension);
        var maxIterations = options.MaxIterations ?? LinearSvm.DefaultMaxIterations(n);
        var notConverged = false;

        double c;
        IReadOnlyList<double> accuracy;
        if (options.C is { } fixedC)
        {
            c = fixedC;
            accuracy = [];
        }
        else
        {
            accuracy = CrossValidate(gram, labels, classCount, options, maxIterations, reporter, ref notConverged);
            var best = 0;
            for (var k = 1; k < accuracy.Count; k++)
                if (accuracy[k] > accuracy[best]) best = k;
            c = options.CGrid[best];
            reporter.Info(string.Create(CultureInfo.InvariantCulture,
                $"vsv: C = {c} by {options.Folds}-fold CV (mean held-out accuracy {accuracy[best]:P2})."));
        }

        var all = Enumerable.Range(0, n).ToArray();
        var svm = OneVsRestSvm.Train(gram, all, labels, classCount, c, options.Tolerance, maxIterations);
        notConverged |= !svm.Converged;
        if (notConverged)
        {
            reporter.Warning(SelectionErrors.SvmNotConverged,
                $"vsv: an SVM fit stopped at the iteration limit ({maxIterations}) before reaching its tolerance, so the C choice or the "
                + "support vectors are approximate. Large C on overlapping classes is slow: scale the features, or fix C or shorten the C grid to smaller values.", "--policy");
        }

        var margin = new double[n];
        var isSv = new bool[n];
        for (var i = 0; i < n; i++)
        {
            margin[i] = svm.Margin(gram.Point(i), labels[i]);
            isSv[i] = svm.IsSupportVector(i);
        }

        var order = all.ToArray();
        Array.Sort(order, (a, b) =>
        {
            if (isSv[a] != isSv[b]) return isSv[a] ? -1 : 1;
            var m = margin[a].CompareTo(margin[b]);
            return m != 0 ? m : a.CompareTo(b);
        });

        var count = isSv.Count(s => s);
        reporter.Info(string.Create(CultureInfo.InvariantCulture, $"vsv: {count} support vectors of {n} points (C = {c})."));
        return new VsvResult
        {
            Order = order,
            IsSupportVector = isSv,
            Margin = margin,
            SupportVectorCount = count,
            C = c,
            CvAccuracy = accuracy,
            Machines = svm.Machines,
        };
    }

    /// <summary>
    /// Stratified folds: within each class, points in index order go to folds 0, 1, ..., k-1, 0, ... (no shuffling,
    /// so the choice of C is deterministic). Returns the mean held-out accuracy over the non-empty folds per C.
    /// </summary>
    internal static double[] CrossValidate(GramCache gram, int[] labels, int classCount, VsvOptions options,
        long maxIterations, IReporter reporter, ref bool notConverged)
    {
        var n = labels.Length;
        var folds = options.Folds;
        var fold = StratifiedFolds(labels, classCount, folds, reporter);
        var accuracy = new double[options.CGrid.Count];
        var total = options.CGrid.Count * folds;
        var done = 0;
        var used = 0;
        // Within a fold, C ascending: each solution is feasible for the next (larger) C and warm-starts it.
        var byC = Enumerable.Range(0, options.CGrid.Count).OrderBy(k => options.CGrid[k]).ToArray();
        for (var f = 0; f < folds; f++)
        {
            var test = Enumerable.Range(0, n).Where(i => fold[i] == f).ToArray();
            if (test.Length == 0)
            {
                done += byC.Length;
                continue;
            }

            var train = Enumerable.Range(0, n).Where(i => fold[i] != f).ToArray();
            OneVsRestSvm? previous = null;
            foreach (var k in byC)
            {
                var svm = OneVsRestSvm.Train(gram, train, labels, classCount, options.CGrid[k], options.CvTolerance, maxIterations, previous);
                notConverged |= !svm.Converged;
                accuracy[k] += test.Count(i => svm.Predict(gram.Point(i)) == labels[i]) / (double)test.Length;
                previous = svm;
                reporter.Progress("vsv cross-validation", ++done, total, ProgressUnits.Folds);
            }

            used++;
        }

        for (var k = 0; k < accuracy.Length; k++)
            accuracy[k] /= used;
        return accuracy;
    }

    internal static int[] StratifiedFolds(int[] labels, int classCount, int folds, IReporter reporter)
    {
        var seen = new int[classCount];
        var fold = new int[labels.Length];
        for (var i = 0; i < labels.Length; i++)
            fold[i] = seen[labels[i]]++ % folds;
        for (var c = 0; c < classCount; c++)
        {
            if (seen[c] < folds)
            {
                reporter.Warning(SelectionErrors.SvmSmallClass,
                    $"vsv: class {c} has {seen[c]} points, fewer than the {folds} cross-validation folds; some folds train without it.", "--policy");
            }
        }

        return fold;
    }

    private static void Validate(double[] features, int dimension, int[] labels, int classCount, VsvOptions options)
    {
        if (dimension <= 0 || features.Length != (long)labels.Length * dimension)
            throw new ArgumentException($"vsv: the features hold {features.Length} values, not {labels.Length} points x {dimension} dimensions; re-run featurization.", nameof(features));
        if (classCount < 2)
            throw new ArgumentException($"vsv needs at least 2 classes, not {classCount}.", nameof(labels));
        if (labels.Any(l => l < 0 || l >= classCount))
            throw new ArgumentException($"vsv: every label must be in 0..{classCount - 1}.", nameof(labels));
        if (features.Any(v => !double.IsFinite(v)))
            throw new AugBuildException(SelectionErrors.SvmInputInvalid, "vsv: the features contain NaN or infinity; check the featurizer's output.", SettingCatalog.Featurizer.Option);
        if (options.Folds < 2)
            throw new ArgumentException($"vsv: cross-validation needs at least 2 folds, not {options.Folds}.", nameof(options));
        if (!(options.Tolerance > 0) || !(options.CvTolerance > 0))
            throw new ArgumentException("vsv: solver tolerances must be positive.", nameof(options));
        if (options.C is null && options.CGrid.Count == 0)
            throw new ArgumentException("vsv: the C grid is empty; give at least one C.", nameof(options));
        if (options.CGrid.Concat(options.C is { } c ? [c] : []).Any(v => !double.IsFinite(v) || v <= 0))
            throw new ArgumentException("vsv: every C must be positive and finite.", nameof(options));
    }
}
