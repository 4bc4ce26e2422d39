using System.CommandLine;
using System.Globalization;

namespace AugBuild.Cli.Commands;

/// <summary>Options several verbs share, defined once so their names, defaults and help agree.</summary>
internal static class CommonOptions
{
    public static Option<string> Images(bool required = true) => new("--images")
    {
        Description = "Dataset: a folder with one subfolder per class, or a CSV manifest 'path,label' (paths relative to the CSV).",
        Required = required,
    };

    public static Option<string> Out() => new("--out")
    {
        Description = "Output folder.",
        Required = true,
    };

    public static Option<string> Featurizer() => new("--featurizer")
    {
        Description = "resnet18 (default), pixels[:side], or a path to an .onnx model.",
        DefaultValueFactory = _ => "resnet18",
    };

    public static Option<string> Device() => new Option<string>("--device")
    {
        Description = "auto tries CUDA and falls back to CPU; cpu; cuda fails if CUDA cannot load.",
        DefaultValueFactory = _ => "auto",
    }.AcceptOnlyFromAmong("auto", "cpu", "cuda");

    public static Option<string?> Cache() => new("--cache")
    {
        Description = "Feature cache folder (default: $AUGBUILD_CACHE, else the user cache folder).",
    };

    public static Option<int> Seed() => new("--seed")
    {
        Description = "Seed for every random choice (orderings, CV folds).",
        DefaultValueFactory = _ => 0,
    };

    public static Option<int> BatchSize() => new("--batch-size")
    {
        Description = "Images per inference batch.",
        DefaultValueFactory = _ => 32,
    };

    public static Option<bool> FailOnBadImage() => new("--fail-on-bad-image")
    {
        Description = "Fail on an undecodable image instead of skipping it with a warning.",
    };

    public static Option<string> Budget() => new("--budget")
    {
        Description = "How many images to augment: a count (100) or a percentage (10%).",
        Required = true,
    };

    public static Option<string> Policy() => new("--policy")
    {
        Description = "baseline, deterministic-proportional, random-proportional (default), deterministic-inverse, random-inverse or vsv.",
        DefaultValueFactory = _ => "random-proportional",
    };

    public static Option<string> ScoreKind() => new Option<string>("--score")
    {
        Description = "Score the policy reads: influence (default) or loss.",
        DefaultValueFactory = _ => "influence",
    }.AcceptOnlyFromAmong("loss", "influence");

    public static Option<bool> Update() => new("--update")
    {
        Description = "Refit on the copies at each checkpoint and rescore the images not yet selected.",
    };

    public static Option<bool> Downweight() => new("--downweight")
    {
        Description = "Give an augmented original and each of its copies weight 1/(k+1).",
    };

    public static Option<string> Transforms() => new("--transforms")
    {
        Description = "Transform set, e.g. translate (default), rotate, crop, flip-h, flip-v, 'translate,rotate', 'rotate:-10,10;crop:2'.",
        DefaultValueFactory = _ => "translate",
    };

    public static Option<string> Format() => new Option<string>("--format")
    {
        Description = "png re-encodes originals (default); source keeps their bytes untouched. Copies are always PNG.",
        DefaultValueFactory = _ => "png",
    }.AcceptOnlyFromAmong("png", "source");

    public static Option<string> ShardSize() => new("--shard-size")
    {
        Description = "Largest Parquet shard, e.g. 500MB (default), 2GB.",
        DefaultValueFactory = _ => "500MB",
    };

    /// <summary>
    /// Drops an explicit <c>--C cv</c> (the default) before parsing: System.CommandLine cannot bind the null a custom
    /// parser returns for a nullable option and throws InvalidCastException instead.
    /// </summary>
    public static string[] WithoutDefaultC(string[] args)
    {
        var kept = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--C" && i + 1 < args.Length && args[i + 1].Equals("cv", StringComparison.OrdinalIgnoreCase))
            {
                i++;
                continue;
            }

            if (args[i].Equals("--C=cv", StringComparison.OrdinalIgnoreCase) || args[i].Equals("--C:cv", StringComparison.OrdinalIgnoreCase))
                continue;
            kept.Add(args[i]);
        }

        return [.. kept];
    }

    /// <summary>"cv" (default) or a positive number.</summary>
    public static Option<double?> C() => new("--C")
    {
        Description = "Inverse regularisation strength: a positive number, or 'cv' to choose it by stratified 4-fold cross-validation over {0.01,0.1,1,10,100} (default).",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 0 ? "cv" : result.Tokens[0].Value;
            if (text.Equals("cv", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var c) && c > 0 && double.IsFinite(c))
            {
                return c;
            }

            result.AddError($"--C must be a positive number or 'cv', not '{text}'.");
            return null;
        },
    };
}
