using System.Collections.Concurrent;
using AugBuild.Engine.Learning;
using AugBuild.Engine.Selection;

namespace AugBuild.Engine.Experiments;

/// <summary>
/// The probe fitted on the originals plus the copies of an augmented set, memoised by that set: budget 0 and
/// full augmentation are the same fit for every policy, and baseline rounds repeat across scores. The copies are
/// appended in index order, so a set always gives the same rows and hence the same model, whichever run asks
/// first (the study's results do not depend on thread scheduling).
/// </summary>
internal sealed class AugmentedFits
{
    private readonly ExperimentFeatures _features;
    private readonly TrainingSet _test;
    private readonly ConcurrentDictionary<string, Lazy<SoftmaxModel>> _models = new();
    private readonly ConcurrentDictionary<string, Lazy<double>> _accuracies = new();
    private readonly ConcurrentDictionary<string, Lazy<double[]>> _scores = new();
    private readonly ExtendedFits _fits;

    public AugmentedFits(ExperimentFeatures features, TrainingSet test, double c)
    {
        _features = features;
        _test = test;
        C = c;
        _fits = new ExtendedFits(Build([], false), c);
    }

    public double C { get; }

    /// <summary>Fits performed so far (cache misses).</summary>
    public int FitCount => _models.Count;

    /// <summary>Accuracy on the augmented test set of the probe trained with <paramref name="augmented"/> augmented.</summary>
    public double Accuracy(IEnumerable<int> augmented, bool downweight)
    {
        var (key, set) = Key(augmented, downweight);
        return _accuracies.GetOrAdd(key, _ => new Lazy<double>(() => Model(key, set, downweight).Accuracy(_test))).Value;
    }

    /// <summary>Scores of every original under that probe (H summed over every row fitted on).</summary>
    public double[] Scores(IEnumerable<int> augmented, bool downweight, string score)
    {
        var (key, set) = Key(augmented, downweight);
        return _scores.GetOrAdd(key + "|" + score, _ => new Lazy<double[]>(() =>
            AugmentedTraining.ScoreOriginals(Model(key, set, downweight), Build(set, downweight), _features.TrainCount, score))).Value;
    }

    /// <summary>
    /// Every fit but the originals-only one starts from the originals-only solution (<see cref="ExtendedFits"/>): Newton
    /// then needs fewer steps, and the start is the same whichever run asks first, so the result is too.
    /// </summary>
    private SoftmaxModel Model(string key, int[] set, bool downweight) =>
        _models.GetOrAdd(key, _ => new Lazy<SoftmaxModel>(() => set.Length == 0 ? _fits.Base : _fits.Fit(Build(set, downweight)))).Value;

    private TrainingSet Build(int[] set, bool downweight)
    {
        var weights = downweight ? Downweighting.Weights(_features.TrainCount, set, _features.CopiesPerImage) : null;
        return AugmentedTraining.Build(_features.TrainRows, _features.TrainLabels, _features.ClassCount, set,
            set.Select(i => _features.TrainCopies[i]).ToList(), weights);
    }

    /// <summary>The set sorted; downweight is irrelevant (all weights 1) when nothing is augmented.</summary>
    private static (string Key, int[] Set) Key(IEnumerable<int> augmented, bool downweight)
    {
        var set = augmented.Distinct().Order().ToArray();
        var flag = downweight && set.Length > 0 ? "w" : "u";
        return (flag + ":" + string.Join(',', set), set);
    }
}
