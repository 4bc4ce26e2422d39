using System.Globalization;

namespace AugBuild.Engine.Experiments;

/// <summary>The tail of one score: how much of it the probe gets wrong and how much of the score mass it holds.</summary>
/// <param name="TopMisclassified">Share of the top 10% by score whose out-of-fold prediction is not their label.</param>
/// <param name="TopMass">Share of the total score held by the top 10%.</param>
public sealed record ScoreTail(string Score, double TopMisclassified, double TopMass);

/// <summary>
/// Why choosing by score does or does not beat random selection on this data, in the numbers that explain it
/// (docs/results.md, "Selection that beats random"): the probe's out-of-fold error, the score tails, whether the
/// transform itself helps (full minus no augmentation), and the images whose labels look wrong.
/// </summary>
public sealed record SelectionDiagnosis(
    double OutOfFoldError,
    IReadOnlyList<ScoreTail> Tails,
    double AugmentationGain,
    IReadOnlyList<int> SuspectImages)
{
    /// <summary>Each training image's out-of-fold probability of its label (the suspects' captions in the report).</summary>
    public IReadOnlyList<double> SelfConfidence { get; init; } = [];

    public const double TopShare = 0.1;

    /// <summary>Below this many percentage points the transform itself barely helps.</summary>
    public const double SmallGainPoints = 1.0;

    /// <summary>Null when the study has no out-of-fold probabilities.</summary>
    public static SelectionDiagnosis? Build(ExperimentResult result)
    {
        var oof = result.OutOfFold;
        if (!oof.IsKnown)
            return null;
        // Each out-of-fold read is computed once here and reused: the error, the tails, the suspects and the captions.
        var wrong = oof.Misclassified();
        var selfConfidence = oof.SelfConfidence();
        var flags = oof.SuspectLabels();
        var tails = result.ScoreNames.Select(score =>
        {
            var s = result.Scores[score];
            var top = Enumerable.Range(0, s.Length).OrderByDescending(i => s[i]).ThenBy(i => i)
                .Take(Math.Max(1, (int)Math.Round(TopShare * s.Length, MidpointRounding.AwayFromZero))).ToList();
            var total = s.Sum();
            return new ScoreTail(score, top.Count(i => wrong[i]) / (double)top.Count, total > 0 ? top.Sum(i => s[i]) / total : 0);
        }).ToList();
        var suspects = Enumerable.Range(0, flags.Length).Where(i => flags[i]).OrderBy(i => selfConfidence[i]).ThenBy(i => i).ToList();
        return new SelectionDiagnosis(Learning.OutOfFold.ErrorOf(wrong), tails, result.FullAugmentation - result.NoAugmentation, suspects)
        {
            SelfConfidence = selfConfidence,
        };
    }

    /// <summary>The lines of the "why" section, each with its numbers.</summary>
    public IReadOnlyList<string> Reasons()
    {
        var inv = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            string.Create(inv, $"The probe misclassifies {100 * OutOfFoldError:0.0}% of the training images out of fold (4-fold cross-validation at C)."),
        };
        foreach (var t in Tails)
        {
            lines.Add(string.Create(inv,
                $"The top {100 * TopShare:0}% by {t.Score} are {100 * t.TopMisclassified:0}% misclassified out of fold and hold {100 * t.TopMass:0}% of the {t.Score} mass, so a proportional draw spends much of a small budget on images whose copies teach wrong or ambiguous labels."));
        }

        var gain = (100 * AugmentationGain).ToString("+0.00;-0.00;0.00", inv);
        lines.Add(100 * AugmentationGain < SmallGainPoints
            ? $"Full augmentation gains only {gain} points over none: the transform itself barely helps here, so no choice of images can gain much."
            : $"Full augmentation gains {gain} points over none, so the transform helps; what a small budget gains depends on which images it augments.");
        lines.Add(string.Create(inv, $"Confident learning flags {SuspectImages.Count} training images as likely label errors (thumbnails below): review them."));
        lines.Add("Score-based selection was shown to work with features trained on the task (the paper's LeNet on MNIST, a ResNet trained on CIFAR-10); "
            + "with a frozen ImageNet network or raw pixels, pass your own task-trained .onnx model with --featurizer, or use a guarded policy (e.g. baseline+guard).");
        return lines;
    }
}
