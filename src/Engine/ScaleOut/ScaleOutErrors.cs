namespace AugBuild.Engine.ScaleOut;

/// <summary>AUG551x: the parts of a sharded materialize and their gather (docs/errors.md). The --shard codes (AUG151x) are the grammar's.</summary>
public static class ScaleOutErrors
{
    /// <summary>gather: some parts of the sharded materialize are missing (the message names them and the shard command to rerun).</summary>
    public const string PartsMissing = "AUG5510";

    /// <summary>gather: the parts do not belong together (another shard count, selection or output settings); the message names the odd ones. Rerun those shards with the same selection and settings.</summary>
    public const string PartsDisagree = "AUG5511";

    /// <summary>gather: a part is damaged (not a part, cut short, or its checksum does not match). Rerun its materialize shard.</summary>
    public const string PartDamaged = "AUG5512";

    /// <summary>gather: no part at all under &lt;out&gt;/.augbuild/parts/. Run 'augbuild materialize --shard i/N --out &lt;out&gt;' for every shard first.</summary>
    public const string NoParts = "AUG5513";
}
