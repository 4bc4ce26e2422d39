using System.Globalization;

namespace AugBuild.Settings;

/// <summary>
/// --shard: <c>i/N</c> (0-based), <c>auto</c> (index and count from the engine that started the process) or
/// <c>auto/N</c> (index from the engine, count N: Kubernetes and AWS Batch do not expose a count). The engines'
/// variables are read here, once, so every verb and every message agrees on which shard this process is.
/// </summary>
internal static class ShardGrammar
{
    /// <summary>The engines <c>auto</c> asks, in this order: (engine, index variable, count variable or null, base of the index).</summary>
    public static IReadOnlyList<(string Engine, string Index, string? Count, int Base)> Engines { get; } =
    [
        ("Kubernetes Indexed Job", "JOB_COMPLETION_INDEX", null, 0),
        ("Slurm job array", "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", 0),
        ("AWS Batch array job", "AWS_BATCH_JOB_ARRAY_INDEX", null, 0),
        ("Azure Pipelines (System.JobPositionInPhase)", "SYSTEM_JOBPOSITIONINPHASE", "SYSTEM_TOTALJOBSINPHASE", 1),
    ];

    /// <summary>Slurm arrays may start at any id (<c>--array=1-4</c>): the index is the id minus the array's first id.</summary>
    public const string SlurmMinimum = "SLURM_ARRAY_TASK_MIN";

    /// <summary>The shard as (index, count) and where it came from ("--shard" or the engine's variables).</summary>
    public static (int Index, int Count, string Source) Parse(string? text, string setting, Func<string, string?>? environment = null)
    {
        var env = environment ?? Environment.GetEnvironmentVariable;
        var t = (text ?? "").Trim();
        var slash = t.IndexOf('/', StringComparison.Ordinal);
        var head = slash < 0 ? t : t[..slash];
        int? count = null;
        if (slash >= 0)
        {
            count = Number(t[(slash + 1)..], 1) ?? throw Malformed(text, setting);
        }

        if (head.Equals("auto", StringComparison.OrdinalIgnoreCase))
            return FromEngine(count, setting, env);
        if (Number(head, 0) is not { } index || count is not { } n)
            throw Malformed(text, setting);
        if (index >= n)
        {
            throw new SettingException(SettingErrors.InvalidShard,
                $"{setting} '{text}': the index must be below the count (shards are numbered 0 to {n - 1}). Set {setting} to e.g. 0/{n}.", setting);
        }

        return (index, n, setting);
    }

    /// <summary>Canonical text: "i/N".</summary>
    public static string Text((int Index, int Count, string Source) shard) =>
        string.Create(CultureInfo.InvariantCulture, $"{shard.Index}/{shard.Count}");

    private static (int, int, string) FromEngine(int? given, string setting, Func<string, string?> env)
    {
        foreach (var (engine, indexVariable, countVariable, first) in Engines)
        {
            var raw = env(indexVariable);
            if (string.IsNullOrWhiteSpace(raw))
                continue;
            var min = indexVariable == "SLURM_ARRAY_TASK_ID" && Number(env(SlurmMinimum), 0) is { } m ? m : first;
            var value = Number(raw, 0);
            if (value is null || value < min)
                throw BadVariable(setting, $"{indexVariable}='{raw}' ({engine}) is not a whole number of at least {min}");
            var index = value.Value - min;
            int? fromEngine = null;
            if (countVariable is not null && env(countVariable) is { } rawCount && !string.IsNullOrWhiteSpace(rawCount))
            {
                fromEngine = Number(rawCount, 1) ?? throw BadVariable(setting, $"{countVariable}='{rawCount}' ({engine}) is not a whole number of at least 1");
            }

            if (given is { } g && fromEngine is { } e && g != e)
                throw BadVariable(setting, $"{setting} says {g} shards but {countVariable}={e} ({engine})");
            var count = given ?? fromEngine ?? throw new SettingException(SettingErrors.ShardCountUnknown,
                $"{setting} auto: {indexVariable}={raw} ({engine}) gives the index but no count. Give the count: {setting} auto/N (N = the job's completions or array size).", setting);
            if (index >= count)
                throw BadVariable(setting, $"{indexVariable}={raw} ({engine}) is shard {index}, but there are {count} shards (0 to {count - 1})");
            return (index, count, $"{indexVariable} ({engine})");
        }

        var names = string.Join(", ", Engines.Select(e => e.Index));
        throw new SettingException(SettingErrors.NoShardEngine,
            $"{setting} auto: none of {names} is set, so this process is not one task of a Kubernetes Indexed Job, Slurm array, AWS Batch array or Azure Pipelines parallel job. Run it under one, or give the shard as {setting} i/N.", setting);
    }

    private static int? Number(string? text, int min) =>
        int.TryParse((text ?? "").Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min ? n : null;

    private static SettingException Malformed(string? text, string setting) =>
        new(SettingErrors.InvalidShard,
            $"{setting} '{text}' is not a shard: give i/N (0-based index i of N shards, e.g. 0/4), auto (index and count from Slurm or Azure Pipelines) or auto/N (index from Kubernetes, AWS Batch or any engine, N shards).", setting);

    private static SettingException BadVariable(string setting, string what) =>
        new(SettingErrors.BadShardVariable, $"{setting} auto: {what}. Check the job's array or completions settings, or give the shard as {setting} i/N.", setting);
}
