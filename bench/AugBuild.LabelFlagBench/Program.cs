using System.Globalization;
using AugBuild.Engine.Data;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Featurization;
using AugBuild.Engine.Learning;
using AugBuild.Engine.Pipeline;
using AugBuild.Engine.Selection;
using AugBuild.Engine.Settings;

// Label-flag benchmark (docs/results.md, "The label-issue flag"): flips a share of the labels at random (each to a
// uniformly drawn other class), runs the probe's cross-validation on the flipped set and measures how well the
// confident-learning flag (suspect_label) and the guard (flags + top 10% by loss) find the flipped images.
//   <images> <featurizer> [cache dir] [rates, default 0,0.02,0.05,0.1] [repeats, default 3]
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: <images> <featurizer> [cache dir] [rates] [repeats]");
    return 2;
}

var inv = CultureInfo.InvariantCulture;
var images = args[0];
var featurizer = args[1];
var cache = args.Length > 2 ? args[2] : null;
var rates = (args.Length > 3 ? args[3] : "0,0.02,0.05,0.1").Split(',').Select(r => double.Parse(r, inv)).ToArray();
var repeats = args.Length > 4 ? int.Parse(args[4], inv) : 3;

var dataset = DatasetLoader.Load(images, NullReporter.Instance);
var settings = FeaturizationSettings.Default with { Featurizer = featurizer, Device = "cpu", CacheDir = cache, BatchSize = 64 };
var features = DatasetFeatures.Compute(dataset, settings, failOnBadImage: true, NullReporter.Instance, CancellationToken.None);
var clean = features.Dataset.Labels();
int n = clean.Length, k = features.Dataset.ClassCount;
Console.WriteLine($"{images}: n = {n}, {k} classes, {featurizer}");
Console.WriteLine("| flipped | repeat | C | oof error | flagged | flag precision | flag recall | guard removes | guard recall |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var rate in rates)
{
    for (int r = 0; r < repeats; r++)
    {
        var rng = new Random(1000 * r + (int)Math.Round(rate * 1000));
        var labels = (int[])clean.Clone();
        var flipped = new bool[n];
        foreach (var i in Enumerable.Range(0, n).OrderBy(_ => rng.Next()).Take((int)Math.Round(rate * n)))
        {
            labels[i] = (clean[i] + 1 + rng.Next(k - 1)) % k;
            flipped[i] = true;
        }

        var training = TrainingSet.FromFloats(features.Rows, labels, k);
        var cv = CrossValidation.ChooseC(training);
        var flags = cv.OutOfFold.SuspectLabels();
        var loss = PointScores.Loss(SoftmaxRegression.Fit(training, cv.BestC), training);
        var guarded = SelectionGuard.Split(loss, flags, SelectionGuard.DefaultShare).Guarded;
        int flaggedCount = flags.Count(f => f), hits = Enumerable.Range(0, n).Count(i => flags[i] && flipped[i]);
        int flips = flipped.Count(f => f), guardHits = guarded.Count(i => flipped[i]);
        string Ratio(int a, int b) => b == 0 ? "--" : (a / (double)b).ToString("0.00", inv);
        Console.WriteLine(string.Create(inv,
            $"| {100 * rate:0}% ({flips}) | {r} | {cv.BestC:g} | {100 * cv.OutOfFold.Error():0.0}% | {flaggedCount} | {Ratio(hits, flaggedCount)} | {Ratio(hits, flips)} | {guarded.Length} | {Ratio(guardHits, flips)} |"));
    }
}

return 0;
