using System.Globalization;
using System.Text;

namespace AugBuild.Engine.Experiments.Report;

/// <summary>
/// The report's opening answer: does choosing by score beat random selection here (<see cref="SelectionVerdict"/>),
/// and when nothing does, why (<see cref="SelectionDiagnosis"/>), with the images whose labels look wrong.
/// </summary>
public static class VerdictSection
{
    /// <summary>Thumbnails of flagged images shown at most (lowest out-of-fold confidence first).</summary>
    public const int MaxThumbnails = 30;

    public static void Append(StringBuilder html, ExperimentResult result, ExperimentFeatures features)
    {
        var verdicts = SelectionVerdict.Build(result);
        var diagnosis = SelectionDiagnosis.Build(result);
        if (verdicts.Count > 0)
        {
            html.Append("<h2 id=\"verdict\">Does choosing by score beat random selection here?</h2>")
                .Append("<p>The score-based configuration with the best mean accuracy over the non-zero budgets up to 25% of n, against baseline ")
                .Append("(random images). It beats random selection when it is ahead on average by more than the round-to-round standard deviation ")
                .Append("of either and also ahead at the budget nearest 10% of n.</p><ul>");
            foreach (var v in verdicts)
                html.Append($"<li>{(v.BeatsBaseline ? "<b>Beats random.</b> " : "<b>Does not beat random.</b> ")}{E(v.Sentence())}.</li>");
            html.Append("</ul>");
        }

        if (diagnosis is null)
            return;
        if (verdicts.Count > 0 && verdicts.All(v => !v.BeatsBaseline))
        {
            html.Append("<h3 id=\"why\">Why nothing beats random here</h3><ul>");
            foreach (var line in diagnosis.Reasons())
                html.Append($"<li>{E(line)}</li>");
            html.Append("</ul>");
        }

        SuspectThumbnails(html, result, features, diagnosis);
    }

    private static void SuspectThumbnails(StringBuilder html, ExperimentResult result, ExperimentFeatures features, SelectionDiagnosis diagnosis)
    {
        var selfConfidence = diagnosis.SelfConfidence;
        html.Append(string.Create(CultureInfo.InvariantCulture,
            $"<h3 id=\"suspect-labels\">Suspected label issues: {diagnosis.SuspectImages.Count} of {result.TrainCount} training images</h3>"))
            .Append("<p>Confident learning on the out-of-fold probabilities: an image is flagged when another class's held-out probability reaches ")
            .Append("that class's average self-confidence and beats its own label's. Captions: given label, out-of-fold probability of it.</p><div>");
        if (features.TrainImages is { } images)
        {
            foreach (var i in diagnosis.SuspectImages.Take(MaxThumbnails))
            {
                html.Append($"<figure><img class=\"thumb\" alt=\"{E(Path.GetFileName(images[i]))}\" src=\"{Thumbnail.DataUri(images[i])}\"/>")
                    .Append($"<figcaption>{E(features.ClassNames[features.TrainLabels[i]])}<br/>{selfConfidence[i].ToString("0.00", CultureInfo.InvariantCulture)}</figcaption></figure>");
            }
        }

        html.Append("</div>");
    }

    private static string E(string text) => SvgChart.E(text);
}
