using System.Globalization;
using System.Text;
using AugBuild.Engine.Tables;

namespace AugBuild.Engine.Experiments;

/// <summary>Writes results.csv (every accuracy measured) and auc.csv (one row per configuration and score).</summary>
public static class ExperimentTables
{
    public const string ResultsFileName = "results.csv";
    public const string AucFileName = "auc.csv";
    public const string ResultsHeader = "policy,score,update,downweight,round,budget,accuracy";
    public const string AucHeader = "policy,score,update,downweight,auc_mean,auc_std,mean_accuracy_pct,mean_accuracy_pct_std";

    public static void Write(ExperimentResult result, string outDir)
    {
        // Atomic: a study killed while writing leaves the previous tables, never half of one.
        AtomicFile.WriteAllText(Path.Combine(outDir, ResultsFileName), Results(result));
        AtomicFile.WriteAllText(Path.Combine(outDir, AucFileName), Auc(result));
    }

    /// <summary>The vsv row has no score (vsv ignores it) and its budget is the support-vector count.</summary>
    public static string Results(ExperimentResult result)
    {
        var text = new StringBuilder(ResultsHeader).Append('\n');
        foreach (var a in result.Accuracies)
            text.Append(Prefix(a.Configuration, a.Score)).Append(',').Append(Int(a.Round)).Append(',').Append(Int(a.Budget)).Append(',').Append(Number(a.Accuracy)).Append('\n');
        if (result.Vsv is { } vsv)
            text.Append("vsv,,false,false,0,").Append(Int(vsv.SupportVectors)).Append(',').Append(Number(vsv.Accuracy)).Append('\n');
        return text.ToString();
    }

    /// <summary>
    /// auc_std is empty for a configuration that ran once (deterministic). mean_accuracy_pct is the AUC divided by the
    /// budget range, in percent: it compares across studies with different budget grids.
    /// </summary>
    public static string Auc(ExperimentResult result)
    {
        var text = new StringBuilder(AucHeader).Append('\n');
        foreach (var a in result.Aucs)
        {
            text.Append(Prefix(a.Configuration, a.Score)).Append(',').Append(Number(a.Mean)).Append(',').Append(Number(a.Std))
                .Append(',').Append(Number(AreaUnderCurve.MeanAccuracyPercent(a.Mean, result.Budgets)))
                .Append(',').Append(Number(AreaUnderCurve.MeanAccuracyPercent(a.Std, result.Budgets))).Append('\n');
        }

        return text.ToString();
    }

    private static string Prefix(PolicyConfiguration c, string score) =>
        $"{c.Family},{score},{Bool(c.Spec.Update)},{Bool(c.Spec.Downweight)}";

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(double value) => double.IsNaN(value) ? "" : value.ToString("0.##########", CultureInfo.InvariantCulture);
}
