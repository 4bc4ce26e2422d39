using AugBuild.Engine.Diagnostics;

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
    public static OutputImageFormat Parse(string text) => text?.Trim().ToLowerInvariant() switch
    {
        "png" => OutputImageFormat.Png,
        "source" => OutputImageFormat.Source,
        _ => throw new AugBuildException(MaterializeErrors.InvalidImageFormat,
            $"'{text}' is not an image format; use 'png' (re-encode originals) or 'source' (keep original bytes).", "AugmentImageFormat"),
    };
}
