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
        OutputImageFormat format, int shards, DatasetCardInfo info, LabelCheck labels)
    {
        var inv = CultureInfo.InvariantCulture;
        long originals = counts.Originals.Sum(), copies = counts.Copies.Sum(), augmented = counts.Augmented.Sum();
        var sb = new StringBuilder();
        sb.Append("---\n");
        sb.Append("configs:\n- config_name: default\n  data_files:\n  - split: train\n    path: \"train-*.parquet\"\n");
        sb.Append("dataset_info:\n  features:\n  - name: image\n    dtype: image\n  - name: label\n    dtype:\n      class_label:\n        names:\n");
        for (int i = 0; i < classNames.Count; i++)
            sb.Append(inv, $"          '{i}': {YamlQuote(classNames[i])}\n");
        foreach (var (name, dtype) in new[] { ("class", "string"), ("source", "string"), ("augmented", "bool"), ("transform", "string"), ("params", "string"), ("weight", "float64"), ("score", "float64"), ("self_confidence", "float64"), ("suspect_label", "bool") })
            sb.Append(inv, $"  - name: {name}\n    dtype: {dtype}\n");
        sb.Append(inv, $"  splits:\n  - name: train\n    num_examples: {originals + copies}\n");
        sb.Append("---\n\n");
        sb.Append("# Augmented training set\n\n");
        sb.Append("Written by AugBuild: the original images plus augmented copies of only the budgeted subset ");
        sb.Append("that the selection policy ranked first (\"Efficient Augmentation via Data Subsampling\").\n\n");
        sb.Append("## Contents\n\n| | rows |\n| --- | ---: |\n");
        sb.Append(inv, $"| originals | {originals} |\n| augmented originals | {augmented} |\n| copies | {copies} |\n| total | {originals + copies} |\n");
        sb.Append(inv, $"| suspected label issues (originals; column suspect_label) | {labels.Text} |\n\n");
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
        sb.Append("`transform` (`none` for originals); `params` (the copy's parameters as JSON); `weight`; `score` (the original's selection score); ");
        sb.Append("`self_confidence` (the original's out-of-fold probability of its label); `suspect_label` (confident learning flags its label as a likely error: review it).\n");
        return sb.ToString();
    }

    /// <summary>
    /// A YAML double-quoted scalar: every character that could end the scalar, the line or the front matter
    /// (quotes, backslashes, line breaks, other controls, U+2028/9, a BOM) is escaped, so any class name reads
    /// back exactly.
    /// </summary>
    internal static string YamlQuote(string s) =>
        AppendEscaped(new StringBuilder(s.Length + 2).Append('"'), s, AppendYamlChar).Append('"').ToString();

    /// <summary>
    /// Text for one Markdown table cell that renders as the literal text: HTML-significant characters become
    /// entities (no tag or attribute can form), Markdown punctuation is backslash-escaped, controls and line
    /// breaks are shown as U+XXXX (a raw line break would end the table row).
    /// </summary>
    internal static string MarkdownCell(string s) => AppendEscaped(new StringBuilder(s.Length), s, AppendMarkdownChar).ToString();

    /// <summary>
    /// Appends <paramref name="s"/> code point by code point: a valid surrogate pair is copied as it is, every other
    /// char (a lone surrogate included, which has no UTF-8 form) goes through <paramref name="appendChar"/>.
    /// </summary>
    private static StringBuilder AppendEscaped(StringBuilder sb, string s, Action<StringBuilder, char> appendChar)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                sb.Append(c).Append(s[++i]);
                continue;
            }

            appendChar(sb, c);
        }

        return sb;
    }

    private static void AppendYamlChar(StringBuilder sb, char c)
    {
        switch (c)
        {
            case '"': sb.Append("\\\""); break;
            case '\\': sb.Append("\\\\"); break;
            case '\n': sb.Append("\\n"); break;
            case '\t': sb.Append("\\t"); break;
            case '\r': sb.Append("\\r"); break;
            default:
                if (char.IsSurrogate(c))
                    sb.Append("\\uFFFD"); // A lone surrogate has no UTF-8 form.
                else if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFEFF' or '\uFFFE' or '\uFFFF')
                    sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
                else
                    sb.Append(c);
                break;
        }
    }

    private static void AppendMarkdownChar(StringBuilder sb, char c)
    {
        switch (c)
        {
            case '&': sb.Append("&amp;"); break;
            case '<': sb.Append("&lt;"); break;
            case '>': sb.Append("&gt;"); break;
            case '"': sb.Append("&quot;"); break;
            case '\'': sb.Append("&#39;"); break;
            default:
                if (char.IsControl(c) || c is '\u2028' or '\u2029' || char.IsSurrogate(c))
                    sb.Append(CultureInfo.InvariantCulture, $"U+{(int)c:X4}");
                else if (MarkdownPunctuation.Contains(c))
                    sb.Append('\\').Append(c);
                else
                    sb.Append(c);
                break;
        }
    }

    /// <summary>Inline Markdown syntax; block syntax (#, -, +) matters only at a line's start, which a cell never is.</summary>
    private const string MarkdownPunctuation = "\\`*_[]|~";
}
