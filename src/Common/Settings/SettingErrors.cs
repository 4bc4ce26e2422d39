namespace AugBuild.Settings;

/// <summary>
/// The codes of <see cref="SettingCatalog"/>'s grammar: one code per kind of bad value, whichever door (command line,
/// response file or MSBuild property) it came through (docs/errors.md).
/// </summary>
internal static class SettingErrors
{
    /// <summary>The --featurizer / AugFeaturizer spec is not one of resnet18, pixels[:side][:gray|rgb], &lt;path&gt;.onnx.</summary>
    public const string InvalidFeaturizer = "AUG2010";

    /// <summary>A featurization option is invalid: the device (auto, cpu, cuda), the batch size, threads, side, or a mean/std list.</summary>
    public const string InvalidFeaturizationOption = "AUG2022";

    /// <summary>C (--C / AugC) is neither a positive number nor cv. Give e.g. 1, or cv (the default) to choose it by cross-validation.</summary>
    public const string InvalidC = "AUG3110";

    /// <summary>--verify-cache (AugVerifyCache) is not a percentage from 0 to 100.</summary>
    public const string InvalidVerifyCache = "AUG2311";

    /// <summary>The influence method (--influence / AugInfluence) is not exact, block or auto.</summary>
    public const string InvalidInfluence = "AUG3212";

    /// <summary>A location (--cache, --out; AugCacheDir) is an S3 URI with a bad bucket name or prefix, or another scheme (gs://, http://). Give a folder path or s3://bucket/prefix.</summary>
    public const string InvalidLocation = "AUG2610";

    /// <summary>The budget is neither a whole count ("100") nor a percentage ("10%").</summary>
    public const string BudgetMalformed = "AUG4001";

    /// <summary>The budget is negative.</summary>
    public const string BudgetNegative = "AUG4002";

    /// <summary>A percentage budget above 100%.</summary>
    public const string BudgetPercentTooLarge = "AUG4003";

    /// <summary>The policy name is not one of the known policies.</summary>
    public const string UnknownPolicy = "AUG4010";

    /// <summary>A modifier (update, downweight) combined with a policy that has no scores to update or weight.</summary>
    public const string ModifierNotAllowed = "AUG4011";

    /// <summary>Unknown modifier in a combined policy string ("random-proportional+foo").</summary>
    public const string UnknownModifier = "AUG4012";

    /// <summary>The guard's share is not a number in [0, 1), or the guard is combined with vsv.</summary>
    public const string GuardInvalid = "AUG4410";

    /// <summary>random-power's exponent is not a positive finite number, or another policy was given a parameter.</summary>
    public const string PolicyParameterInvalid = "AUG4411";

    /// <summary>The score (--score / AugScore) is not loss or influence.</summary>
    public const string InvalidScore = "AUG4110";

    /// <summary>The seed (--seed / AugSeed) is not a whole number.</summary>
    public const string InvalidSeed = "AUG4111";

    /// <summary>A flag setting (e.g. AugUpdate) is not true or false.</summary>
    public const string InvalidFlag = "AUG4112";

    /// <summary>A transform name that is not one of translate, rotate, crop, flip-h, flip-v (or none).</summary>
    public const string UnknownTransform = "AUG5001";

    /// <summary>A transform parameter that is not a number or is outside the transform's range.</summary>
    public const string InvalidTransformParameter = "AUG5002";

    /// <summary>A number with no transform before it, or after a transform written without ':'.</summary>
    public const string ParameterWithoutTransform = "AUG5003";

    /// <summary>A transform that takes no parameters was given some.</summary>
    public const string UnexpectedParameters = "AUG5004";

    /// <summary>The same transform named twice; its copies would repeat.</summary>
    public const string DuplicateTransform = "AUG5005";

    /// <summary>An empty item in the transform list (e.g. "rotate,,crop"), or an empty list.</summary>
    public const string EmptyTransformItem = "AUG5007";

    /// <summary>A shard size that is not a positive size such as "500MB".</summary>
    public const string InvalidShardSize = "AUG5050";

    /// <summary>An image format other than png or source.</summary>
    public const string InvalidImageFormat = "AUG5052";

    /// <summary>--shard is not i/N (0 &lt;= i &lt; N), auto or auto/N.</summary>
    public const string InvalidShard = "AUG1510";

    /// <summary>--shard auto, but none of JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID, AWS_BATCH_JOB_ARRAY_INDEX or SYSTEM_JOBPOSITIONINPHASE is set. Run under a job array, or give --shard i/N.</summary>
    public const string NoShardEngine = "AUG1511";

    /// <summary>--shard auto found an index (Kubernetes, AWS Batch) but no count. Give --shard auto/N.</summary>
    public const string ShardCountUnknown = "AUG1512";

    /// <summary>An engine's shard variable is not a number, is out of range, or its count disagrees with --shard auto/N.</summary>
    public const string BadShardVariable = "AUG1513";
}
