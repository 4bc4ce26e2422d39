using System.CommandLine;

namespace AugBuild.Cli.Commands;

/// <summary>The verbs' own options that are not settings (inputs and outputs), defined once so their names and help agree.</summary>
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
}
