using System.Globalization;

namespace AugBuild.Settings;

/// <summary>
/// Every setting that travels from a project file or a command line to the engine, with its grammar. Adding a
/// setting: a definition here (and in its record's list), a property on the engine's settings record, its docs;
/// the command line and MSBuild take it from here (docs/settings.md).
/// </summary>
internal static class SettingCatalog
{
    // Featurization: how images become features.
    public static readonly SettingDefinition Featurizer = new("--featurizer", "AugFeaturizer", SettingStage.Score, FeaturizerGrammar.Default,
        "resnet18 (default), pixels[:side][:gray|rgb], or a path to an .onnx model.", (t, n) => FeaturizerGrammar.Parse(t, n).ToString());

    public static readonly SettingDefinition Device = new("--device", "AugDevice", SettingStage.None, "auto",
        "auto tries CUDA and falls back to CPU; cpu; cuda fails if CUDA cannot load.", ChoiceGrammar.Device);

    public static readonly SettingDefinition Cache = new("--cache", "AugCacheDir", SettingStage.None, "",
        "Feature cache: a folder, or s3://bucket/prefix shared by machines (default: $AUGBUILD_CACHE, else the user cache folder).", LocationGrammar.Canonical);

    /// <summary>In the score stage's stamp: turning it on checks the cache instead of reusing scores computed from it.</summary>
    public static readonly SettingDefinition VerifyCache = new("--verify-cache", "AugVerifyCache", SettingStage.Score, "0",
        "Recompute this percentage of the cached features (a seeded sample, e.g. 5 or 5%) and fail with AUG2310 if any differs: for caches restored from elsewhere. Default 0 (off).",
        (t, n) => NumberGrammar.PercentText(NumberGrammar.Percent(t, n)));

    public static readonly SettingDefinition BatchSize = new("--batch-size", "AugBatchSize", SettingStage.None, "32",
        "Images per inference batch.", (t, n) => Int(NumberGrammar.Count(t, n, 1, "images per inference batch")));

    public static readonly SettingDefinition ModelPath = new("--model-path", "AugModelPath", SettingStage.Score, "",
        "resnet18: this ResNet18.onnx instead of the one in the NuGet packages folder (MSBuild passes the restored one).", Text);

    public static readonly SettingDefinition OnnxInput = new("--onnx-input", "AugOnnxInput", SettingStage.Score, "",
        "ONNX model: the input to feed (default: its only image input).", Text);

    public static readonly SettingDefinition OnnxOutput = new("--onnx-output", "AugOnnxOutput", SettingStage.Score, "",
        "ONNX model: the output to read as features, flattened (default: its first output).", Text);

    public static readonly SettingDefinition OnnxSide = new("--onnx-side", "AugOnnxSide", SettingStage.Score, "",
        "ONNX model: the input side in pixels, needed when the model's height and width are symbolic.", (t, n) => Optional(t, v => Int(NumberGrammar.Count(v, n, 1, "the input side in pixels"))));

    public static readonly SettingDefinition OnnxMean = new("--onnx-mean", "AugOnnxMean", SettingStage.Score, "",
        "ONNX model: per-channel mean on the [0, 1] scale, one value or one per channel (default: the model's metadata 'mean', else 0).",
        (t, n) => Optional(t, v => NumberGrammar.ChannelsText(NumberGrammar.Channels(v, n, positive: false))));

    public static readonly SettingDefinition OnnxStd = new("--onnx-std", "AugOnnxStd", SettingStage.Score, "",
        "ONNX model: per-channel standard deviation on the [0, 1] scale (default: the model's metadata 'std', else 1).",
        (t, n) => Optional(t, v => NumberGrammar.ChannelsText(NumberGrammar.Channels(v, n, positive: true))));

    public static readonly SettingDefinition OnnxThreads = new("--onnx-threads", "AugOnnxThreads", SettingStage.None, "0",
        "ONNX Runtime intra-op threads; 0 = its default (one per physical core).", (t, n) => Int(NumberGrammar.Count(t, n, 0, "ONNX Runtime threads, 0 for its default")));

    // Selection: which originals are augmented.
    public static readonly SettingDefinition Budget = new("--budget", "AugBudget", SettingStage.Select, "10%",
        "How many images to augment: a count (100) or a percentage (10%).", (t, n) => BudgetGrammar.Parse(t, n).ToString())
    { RequiredOnCommandLine = true };

    // The defaults were chosen on the benchmarks by the rule of docs/results.md ("Selection that beats random").
    public static readonly SettingDefinition Policy = new("--policy", "AugPolicy", SettingStage.Select, "moderate",
        "moderate (default: scores nearest the median first, on influence), baseline, deterministic-proportional, random-proportional, deterministic-inverse, "
        + "random-inverse, random-power[:alpha] or vsv; add +guard[:share] to set aside the top of the score and suspected labels first (e.g. baseline+guard).",
        (t, n) => PolicyGrammar.Parse(t, n).ToString());

    public static readonly SettingDefinition Score = new("--score", "AugScore", SettingStage.Select, "influence",
        "Score the policy reads: influence (default: the self-influence of each image) or loss.", ChoiceGrammar.Score);

    public static readonly SettingDefinition Seed = new("--seed", "AugSeed", SettingStage.Select, "0",
        "Seed for every random choice (orderings, CV folds).", (t, n) => Int(NumberGrammar.Seed(t, n)));

    public static readonly SettingDefinition Update = new("--update", "AugUpdate", SettingStage.Select, "false",
        "Refit on the copies at each checkpoint and rescore the images not yet selected.", Flag)
    { IsFlag = true };

    public static readonly SettingDefinition Downweight = new("--downweight", "AugDownweight", SettingStage.Select, "false",
        "Give an augmented original and each of its copies weight 1/(k+1).", Flag)
    { IsFlag = true };

    /// <summary>In the score stage's stamp: the probe (and so every score) depends on it.</summary>
    public static readonly SettingDefinition C = new("--C", "AugC", SettingStage.Score, "cv",
        "Inverse regularisation strength: a positive number, or 'cv' to choose it by stratified 4-fold cross-validation over {0.01,0.1,1,10,100} (default).",
        (t, n) => NumberGrammar.CText(NumberGrammar.C(t, n)));

    /// <summary>In the score stage's stamp: exact and block influence give different scores.</summary>
    public static readonly SettingDefinition Influence = new("--influence", "AugInfluence", SettingStage.Score, "auto",
        "How influence is computed: exact (the p x p Hessian), block (one (d+1) x (d+1) block per class) or auto (default: exact while it fits in memory, else block).",
        ChoiceGrammar.Influence);

    // Output: how the dataset is written.
    public static readonly SettingDefinition Transforms = new("--transforms", "AugTransforms", SettingStage.Materialize, "translate",
        "Transform set, e.g. translate (default), rotate, crop, flip-h, flip-v, 'translate,rotate', 'rotate:-10,10;crop:2'.",
        (t, n) => TransformGrammar.ToText(TransformGrammar.Parse(t, n)));

    public static readonly SettingDefinition Format = new("--format", "AugFormat", SettingStage.Materialize, "png",
        "png re-encodes originals (default); source keeps their bytes untouched. Copies are always PNG.", ChoiceGrammar.Format);

    public static readonly SettingDefinition ShardSize = new("--shard-size", "AugShardSize", SettingStage.Materialize, "500MB",
        "Largest Parquet shard, e.g. 500MB (default), 2GB.", (t, n) => NumberGrammar.ShardSize(t, n).ToString(CultureInfo.InvariantCulture));

    /// <summary>In the score stage's stamp: turning it on must not reuse scores that silently skipped bad images.</summary>
    public static readonly SettingDefinition FailOnBadImage = new("--fail-on-bad-image", "AugFailOnBadImage", SettingStage.Score, "false",
        "Fail on an undecodable image instead of skipping it with a warning.", Flag)
    { IsFlag = true };

    // Scale-out: which shard of a sharded featurize or materialize this process is (docs/scale-out.md).
    // Not in All: an MSBuild build runs on one machine, so it has no AugShard property.
    public static readonly SettingDefinition Shard = new("--shard", "AugShard", SettingStage.None, "",
        "This process's shard: i/N (0-based, e.g. 0/4), auto (index and count from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT or Azure Pipelines' SYSTEM_JOBPOSITIONINPHASE/SYSTEM_TOTALJOBSINPHASE) or auto/N (index from JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX or any of those, N shards).",
        (t, n) => ShardGrammar.Text(ShardGrammar.Parse(t, n)));

    public static IReadOnlyList<SettingDefinition> Featurization { get; } =
        [Featurizer, Device, Cache, VerifyCache, BatchSize, ModelPath, OnnxInput, OnnxOutput, OnnxSide, OnnxMean, OnnxStd, OnnxThreads];

    public static IReadOnlyList<SettingDefinition> Selection { get; } = [Budget, Policy, Score, Seed, Update, Downweight, C, Influence];

    public static IReadOnlyList<SettingDefinition> Output { get; } = [Transforms, Format, ShardSize, FailOnBadImage];

    public static IReadOnlyList<SettingDefinition> All { get; } = [.. Featurization, .. Selection, .. Output];

    /// <summary>Settings of the sharded verbs only (featurize, materialize --shard); not MSBuild properties.</summary>
    public static IReadOnlyList<SettingDefinition> ScaleOut { get; } = [Shard];

    public static SettingDefinition? ByProperty(string property) =>
        All.FirstOrDefault(d => d.Property.Equals(property, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every value's error (each setting alone, then the policy with its modifier flags); none when all are valid.</summary>
    public static IReadOnlyList<SettingException> Check(SettingValues values)
    {
        var errors = new List<SettingException>();
        foreach (var definition in All)
        {
            Collect(errors, () => _ = values.Canonical(definition));
        }

        if (errors.Count == 0)
        {
            Collect(errors, () => _ = PolicyGrammar.Parse(values.Text(Policy), values.Name(Policy), values.Flag(Update), values.Flag(Downweight)));
        }

        return errors;
    }

    private static void Collect(List<SettingException> errors, Action check)
    {
        try
        {
            check();
        }
        catch (SettingException e)
        {
            errors.Add(e);
        }
    }

    /// <summary>"key=canonical" for each of <paramref name="stage"/>'s settings: the settings part of that stage's stamp, on both sides.</summary>
    public static IEnumerable<string> StampLines(SettingStage stage, Func<SettingDefinition, string> canonical) =>
        All.Where(d => d.Stage == stage).Select(d => d.Option.TrimStart('-') + "=" + canonical(d));

    private static string Text(string? text, string setting) => (text ?? "").Trim();

    private static string Flag(string? text, string setting) => ChoiceGrammar.Flag(text, setting) ? "true" : "false";

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Optional(string? text, Func<string, string> parse) =>
        string.IsNullOrWhiteSpace(text) ? "" : parse(text);
}
