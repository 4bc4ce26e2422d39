using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AugBuild.Tasks;

/// <summary>
/// Hash stamps, one per stage, each over exactly what that stage depends on (like the SDK's
/// CoreCompileInputs.cache). Each stage's text starts with the previous stage's hash, so a change upstream
/// reaches every stage below it, and a change downstream (e.g. the budget) leaves the stages above untouched.
/// Timestamps alone would miss deleted images and changed properties.
/// </summary>
internal sealed class StageStamps
{
    public required string Featurize { get; init; }
    public required string Select { get; init; }
    public required string Materialize { get; init; }

    public static StageStamps Compute(StampInputs inputs)
    {
        var featurize = new StringBuilder("featurize v1\n")
            .Append("featurizer=").Append(inputs.Featurizer).Append('\n')
            .Append("model=").Append(FileIdentity(inputs.ModelPath)).Append('\n')
            .Append("worker=").Append(FileIdentity(inputs.WorkerPath)).Append('\n')
            .Append("fail-on-bad-image=").Append(inputs.FailOnBadImage).Append('\n');
        foreach (var image in inputs.Images)
        {
            featurize.Append(image.FullPath).Append('|').Append(FileIdentity(image.FullPath)).Append('\n');
        }

        var featurizeHash = Hash(featurize);
        var select = new StringBuilder("select v1\n").Append(featurizeHash).Append('\n')
            .Append("budget=").Append(inputs.Budget).Append('\n')
            .Append("policy=").Append(inputs.Policy).Append('\n')
            .Append("score=").Append(inputs.Score).Append('\n')
            .Append("seed=").Append(inputs.Seed).Append('\n')
            .Append("C=").Append(inputs.C).Append('\n')
            .Append("update=").Append(inputs.Update).Append('\n')
            .Append("downweight=").Append(inputs.Downweight).Append('\n');
        foreach (var image in inputs.Images)
        {
            select.Append(image.FullPath).Append('|').Append(image.Label).Append('\n');
        }

        var selectHash = Hash(select);
        var materialize = new StringBuilder("materialize v1\n").Append(selectHash).Append('\n')
            .Append("transforms=").Append(inputs.Transforms).Append('\n')
            .Append("format=").Append(inputs.Format).Append('\n')
            .Append("out=").Append(inputs.OutputDir).Append('\n');

        return new StageStamps { Featurize = featurizeHash, Select = selectHash, Materialize = Hash(materialize) };
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

/// <summary>Everything the stamps cover. The device is deliberately absent: CPU and GPU give the same dataset.</summary>
internal sealed record StampInputs(
    IReadOnlyList<LabeledImage> Images,
    string Featurizer,
    string ModelPath,
    string WorkerPath,
    string Budget,
    string Policy,
    string Score,
    string Seed,
    bool Update,
    bool Downweight,
    string Transforms,
    string Format,
    string OutputDir,
    bool FailOnBadImage = false)
{
    /// <summary>The probe's inverse regularisation: a number, or empty for cross-validation.</summary>
    public string C { get; init; } = "";
}
