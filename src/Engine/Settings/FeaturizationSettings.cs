using AugBuild.Engine.Featurization;
using AugBuild.Settings;
using S = AugBuild.Settings.SettingCatalog;

namespace AugBuild.Engine.Settings;

/// <summary>How images become features (the catalog's Featurization). Only the spec, the model and the ONNX preprocessing change them.</summary>
public sealed record FeaturizationSettings
{
    private FeaturizationSettings()
    {
    }

    /// <summary>Every setting at its default (the catalog's).</summary>
    public static FeaturizationSettings Default { get; } = From(SettingValues.Empty);

    /// <summary>The spec; null means resnet18, or for <c>select</c> the featurizer the scores file records.</summary>
    public string? Featurizer { get; init; }

    /// <summary>auto (CUDA if it loads, else CPU with a message), cpu, or cuda (error if it cannot load).</summary>
    public string Device { get; init; } = "";

    /// <summary>The feature cache folder or s3://bucket/prefix; null means $AUGBUILD_CACHE, else the user cache folder (or, for select, the one the scores file records).</summary>
    public string? CacheDir { get; init; }

    public int BatchSize { get; init; }

    /// <summary>--verify-cache: recompute a seeded sample of cache hits and fail on a mismatch; null = off.</summary>
    public CacheVerification? VerifyCache { get; init; }

    /// <summary>resnet18: this ResNet18.onnx instead of the NuGet packages folder's (MSBuild passes the restored one).</summary>
    public string? ModelPath { get; init; }

    public string? InputName { get; init; }

    public string? OutputName { get; init; }

    public int? Side { get; init; }

    public float[]? Mean { get; init; }

    public float[]? Std { get; init; }

    /// <summary>ONNX Runtime intra-op threads; 0 = its default.</summary>
    public int Threads { get; init; }

    /// <summary>The spec to build, with resnet18 for an unset one.</summary>
    public string Spec => Featurizer ?? FeaturizerGrammar.Default;

    internal static FeaturizationSettings From(SettingValues v) => new()
    {
        Featurizer = v.Given(S.Featurizer) is { } spec ? FeaturizerGrammar.Parse(spec, v.Name(S.Featurizer)).ToString() : null,
        Device = v.Parse(S.Device, ChoiceGrammar.Device),
        CacheDir = v.Given(S.Cache) is { } cache ? LocationGrammar.Canonical(cache, v.Name(S.Cache)) : null,
        VerifyCache = CacheVerification.Of(v.Parse(S.VerifyCache, NumberGrammar.Percent)),
        BatchSize = v.Parse(S.BatchSize, (t, n) => NumberGrammar.Count(t, n, 1, "images per inference batch")),
        ModelPath = v.Given(S.ModelPath),
        InputName = v.Given(S.OnnxInput),
        OutputName = v.Given(S.OnnxOutput),
        Side = v.Optional(S.OnnxSide, (t, n) => NumberGrammar.Count(t, n, 1, "the input side in pixels")),
        Mean = v.Given(S.OnnxMean) is { } mean ? NumberGrammar.Channels(mean, v.Name(S.OnnxMean), positive: false) : null,
        Std = v.Given(S.OnnxStd) is { } std ? NumberGrammar.Channels(std, v.Name(S.OnnxStd), positive: true) : null,
        Threads = v.Parse(S.OnnxThreads, (t, n) => NumberGrammar.Count(t, n, 0, "ONNX Runtime threads, 0 for its default")),
    };

    /// <summary>The settings as the command line writes them (the catalog's option names).</summary>
    internal IEnumerable<KeyValuePair<string, string?>> Texts() =>
    [
        new(S.Featurizer.Option, Featurizer),
        new(S.Device.Option, Device),
        new(S.Cache.Option, CacheDir),
        new(S.VerifyCache.Option, NumberGrammar.PercentText(VerifyCache?.Percent ?? 0)),
        new(S.BatchSize.Option, Int(BatchSize)),
        new(S.ModelPath.Option, ModelPath),
        new(S.OnnxInput.Option, InputName),
        new(S.OnnxOutput.Option, OutputName),
        new(S.OnnxSide.Option, Side is { } side ? Int(side) : null),
        new(S.OnnxMean.Option, Mean is null ? null : NumberGrammar.ChannelsText(Mean)),
        new(S.OnnxStd.Option, Std is null ? null : NumberGrammar.ChannelsText(Std)),
        new(S.OnnxThreads.Option, Int(Threads)),
    ];

    /// <summary>The factory's options; models rewritten to a symbolic batch are kept beside the feature cache.</summary>
    public FeaturizerOptions Options(FeatureCache cache) => new()
    {
        Settings = this,
        ModelCacheDirectory = cache.ModelDirectory,
    };

    private static string Int(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
