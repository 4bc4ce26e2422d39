using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AugBuild.Settings;

namespace AugBuild.Tasks;

/// <summary>
/// Hash stamps, one per stage of the worker, each over exactly what that stage depends on (like the SDK's
/// CoreCompileInputs.cache). Which setting enters which stamp is the settings catalog's, shared with the worker's
/// own stage stamps. Each stage's text starts with the previous stage's hash, so a change upstream reaches every
/// stage below it, and a change downstream (e.g. the budget) leaves the stages above untouched. Timestamps alone
/// would miss deleted images and changed properties.
/// </summary>
internal sealed class StageStamps
{
    public required string Score { get; init; }
    public required string Select { get; init; }
    public required string Materialize { get; init; }

    /// <param name="settings">The Aug* settings; every value must already be valid (<see cref="SettingValues.Canonical"/> throws otherwise).</param>
    public static StageStamps Compute(StampInputs inputs, SettingValues settings)
    {
        var score = new StringBuilder("score v2\n")
            .Append("model=").Append(FileIdentity(inputs.ModelPath)).Append('\n')
            .Append("worker=").Append(FileIdentity(inputs.WorkerPath)).Append('\n');
        Append(score, SettingStage.Score, settings);
        foreach (var image in inputs.Images)
        {
            score.Append(image.FullPath).Append('|').Append(image.Label).Append('|').Append(FileIdentity(image.FullPath)).Append('\n');
        }

        var scoreHash = Hash(score);
        var select = new StringBuilder("select v2\n").Append(scoreHash).Append('\n');
        Append(select, SettingStage.Select, settings);

        var selectHash = Hash(select);
        var materialize = new StringBuilder("materialize v2\n").Append(selectHash).Append('\n')
            .Append("out=").Append(inputs.OutputDir).Append('\n');
        Append(materialize, SettingStage.Materialize, settings);

        return new StageStamps { Score = scoreHash, Select = selectHash, Materialize = Hash(materialize) };
    }

    private static void Append(StringBuilder text, SettingStage stage, SettingValues settings)
    {
        foreach (var line in SettingCatalog.StampLines(stage, settings.Canonical))
        {
            text.Append(line).Append('\n');
        }
    }

    /// <summary>Size and last write time: cheap enough for every build, and a rewritten file changes the time.</summary>
    private static string FileIdentity(string path)
    {
        if (path.Length == 0)
        {
            return "-";
        }

        var info = new FileInfo(path);
        return info.Exists
            ? info.Length.ToString(CultureInfo.InvariantCulture) + "@" + info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)
            : "missing";
    }

    private static string Hash(StringBuilder text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
}

/// <summary>The files the stamps cover besides the settings: the images, the model file, the worker, the output folder.</summary>
internal sealed record StampInputs(IReadOnlyList<LabeledImage> Images, string ModelPath, string WorkerPath, string OutputDir);
