namespace AugBuild.Engine.Diagnostics;

/// <summary>
/// Where the engine sends what the user should see: stage summaries, coded warnings and progress.
/// The CLI prints these; tests collect them.
/// </summary>
public interface IReporter
{
    void Info(string message);

    void Warning(string code, string message, string? file = null);

    /// <summary>Progress of a long stage; implementations throttle and compute rates themselves.</summary>
    /// <param name="unit">What is counted, plural ("images", "runs"), for the rate.</param>
    void Progress(string stage, long done, long total, string unit = ProgressUnits.Images);
}

/// <summary>Discards everything; for callers that do not report.</summary>
public sealed class NullReporter : IReporter
{
    public static readonly NullReporter Instance = new();

    public void Info(string message) { }

    public void Warning(string code, string message, string? file = null) { }

    public void Progress(string stage, long done, long total, string unit = ProgressUnits.Images) { }
}

/// <summary>Keeps every message; used by tests and by callers that summarise afterwards.</summary>
public sealed class CollectingReporter : IReporter
{
    private readonly object _gate = new();

    public List<string> Infos { get; } = [];

    public List<(string Code, string Message, string? File)> Warnings { get; } = [];

    public void Info(string message)
    {
        lock (_gate) Infos.Add(message);
    }

    public void Warning(string code, string message, string? file = null)
    {
        lock (_gate) Warnings.Add((code, message, file));
    }

    /// <summary>The stages that reported progress, each once, in first-report order.</summary>
    public List<string> ProgressStages { get; } = [];

    public void Progress(string stage, long done, long total, string unit = ProgressUnits.Images)
    {
        lock (_gate)
        {
            if (!ProgressStages.Contains(stage)) ProgressStages.Add(stage);
        }
    }
}

/// <summary>The units the engine counts its progress in.</summary>
public static class ProgressUnits
{
    public const string Images = "images";

    public const string Runs = "runs";

    public const string Iterations = "iterations";

    public const string Points = "points";

    public const string Folds = "folds";

    /// <summary>Classes (the block-diagonal influence factors one block per class).</summary>
    public const string Classes = "classes";

    /// <summary>Model fits (cross-validation: folds x grid values).</summary>
    public const string Fits = "fits";

    /// <summary>Decades of gradient reduction of one probe fit (8 at the default tolerance 1e-8).</summary>
    public const string Decades = "decades";
}
