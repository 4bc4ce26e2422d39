using System.Globalization;
using System.Text;
using AugBuild.Engine.Augmentation;

namespace AugBuild.Engine.Materialization;

/// <summary>
/// Writes <c>dataset/README.md</c>: a Hugging Face dataset card (YAML header naming the Parquet files and
/// features) and tables of what the set holds and how it was made. Deterministic: no dates or timings.
/// </summary>
internal static class DatasetCard
{
    public static string Build(IReadOnlyList<string> classNames, ClassCounts counts, TransformSet transforms,
        OutputImageFormat format, int shards, DatasetCardInfo info)
    {
        var inv = CultureInfo.InvariantCulture;
        long originals = counts.Originals.Sum(), copies = counts.Copies.Sum(), augmented = counts.Augmented.Sum();
        var sb = new StringBuilder();
        sb.Append("---\n");
        sb.Append("configs:\n- config_name: default\n  data_files:\n  - split: train\n    path: \"train-*.parquet\"\n");
        sb.Append("dataset_info:\n  features:\n  - name: image\n    dtype: image\n  - name: label\n    dtype:\n      class_label:\n        names:\n");
        for (int i = 0; i < classNames.Count; i++)
            sb.Append(inv, $"          '{i}': {YamlQuote(classNames[i])}\n");
        foreach (var (name, dtype) in new[] { ("class", "string"), ("source", "string"), ("augmented", "bool"), ("transform", "string"), ("params", "string"), ("weight", "float64"), ("score", "float64") })
            sb.Append(inv, $"  - name: {name}\n    dtype: {dtype}\n");
        sb.Append(inv, $"  splits:\n  - name: train\n    num_examples: {originals + copies}\n");
        sb.Append("---\n\n");
        sb.Append("# Augmented training set\n\n");
        sb.Append("Written by AugBuild: the original images plus augmented copies of only the budgeted subset ");
        sb.Append("that the selection policy ranked first (\"Efficient Augmentation via Data Subsampling\").\n\n");
        sb.Append("## Contents\n\n| | rows |\n| --- | ---: |\n");
        sb.Append(inv, $"| originals | {originals} |\n| augmented originals | {augmented} |\n| copies | {copies} |\n| total | {originals + copies} |\n\n");
        sb.Append("## Per class\n\n| label | class | originals | augmented | copies | total |\n| ---: | --- | ---: | ---: | ---: | ---: |\n");
        for (int i = 0; i < classNames.Count; i++)
            sb.Append(inv, $"| {i} | {MarkdownCell(classNames[i])} | {counts.Originals[i]} | {counts.Augmented[i]} | {counts.Copies[i]} | {counts.Originals[i] + counts.Copies[i]} |\n");
        sb.Append("\n## How it was made\n\n| setting | value |\n| --- | --- |\n");
        foreach (var (key, value) in new[]
                 {
                     ("budget", info.Budget), ("policy", info.Policy), ("score", info.Score),
                     ("transforms", $"{transforms} ({transforms.CopiesPerImage.ToString(inv)} copies per augmented image)"),
                     ("featurizer", info.Featurizer), ("seed", info.Seed), ("tool version", info.ToolVersion),
                     ("original images", format == OutputImageFormat.Source ? "source bytes, untouched" : "re-encoded as PNG"),
                     ("shards", shards.ToString(inv)),
                 })
        {
            sb.Append(inv, $"| {key} | {MarkdownCell(value)} |\n");
        }

        sb.Append("\n## Columns\n\n");
        sb.Append("`image` {bytes, path}; `label` (class index); `class`; `source` (the original's path); `augmented`; ");
        sb.Append("`transform` (`none` for originals); `params` (the copy's parameters as JSON); `weight`; `score` (the original's selection score).\n");
        return sb.ToString();
    }

    private static string YamlQuote(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string MarkdownCell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
