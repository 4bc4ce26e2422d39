using AugBuild.Engine.Augmentation;
using AugBuild.Engine.Materialization;
using AugBuild.Settings;
using S = AugBuild.Settings.SettingCatalog;

namespace AugBuild.Engine.Settings;

/// <summary>How the dataset is written, and whether a bad image fails the run (the catalog's Output).</summary>
public sealed record OutputSettings
{
    private OutputSettings()
    {
    }

    /// <summary>Every setting at its default (the catalog's).</summary>
    public static OutputSettings Default { get; } = From(SettingValues.Empty);

    /// <summary>The copies made of each selected image (also what update refits on and downweight counts).</summary>
    public TransformSet Transforms { get; init; } = TransformSet.None;

    public OutputImageFormat Format { get; init; }

    public long ShardSizeBytes { get; init; }

    /// <summary>Fail on an undecodable image instead of skipping it with a warning.</summary>
    public bool FailOnBadImage { get; init; }

    internal static OutputSettings From(SettingValues v) => new()
    {
        Transforms = TransformSet.From(v.Parse(S.Transforms, TransformGrammar.Parse)),
        Format = OutputImageFormats.From(v.Parse(S.Format, ChoiceGrammar.Format)),
        ShardSizeBytes = v.Parse(S.ShardSize, NumberGrammar.ShardSize),
        FailOnBadImage = v.Flag(S.FailOnBadImage),
    };

    /// <summary>The settings as the command line writes them (the catalog's option names).</summary>
    internal IEnumerable<KeyValuePair<string, string?>> Texts() =>
    [
        new(S.Transforms.Option, Transforms.ToString()),
        new(S.Format.Option, OutputImageFormats.Name(Format)),
        new(S.ShardSize.Option, ShardSizeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new(S.FailOnBadImage.Option, FailOnBadImage ? "true" : "false"),
    ];
}
