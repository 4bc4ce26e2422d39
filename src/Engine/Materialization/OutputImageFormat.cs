using AugBuild.Engine.Settings;
using AugBuild.Settings;

namespace AugBuild.Engine.Materialization;

/// <summary>How originals are stored; augmented copies are always PNG.</summary>
public enum OutputImageFormat
{
    /// <summary>Decode and re-encode every original as PNG (one format in the whole set).</summary>
    Png,

    /// <summary>Store each original's file bytes untouched (JPEG stays JPEG, no generation loss).</summary>
    Source,
}

public static class OutputImageFormats
{
    public static OutputImageFormat Parse(string text, string property = "--format") =>
        SettingParse.Run(() => From(ChoiceGrammar.Format(text, property)));

    internal static OutputImageFormat From(string canonical) => canonical == "source" ? OutputImageFormat.Source : OutputImageFormat.Png;

    public static string Name(OutputImageFormat format) => format == OutputImageFormat.Source ? "source" : "png";
}
