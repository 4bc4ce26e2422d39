namespace AugBuild.Engine.Learning;

/// <summary>How self-influence is computed (method.md, "Scores").</summary>
public enum InfluenceMethod
{
    /// <summary>Exact while the p x p Hessian fits in the memory budget, else block-diagonal; the choice is reported.</summary>
    Auto,

    /// <summary>g_i^T H^-1 g_i with the exact Hessian: 8 p^2 bytes, p = (K-1)(d+1).</summary>
    Exact,

    /// <summary>The per-class block-diagonal Hessian (<see cref="PointScores.BlockInfluence"/>): K-1 blocks of (d+1)^2.</summary>
    Block,
}

/// <summary>The names of <see cref="InfluenceMethod"/> (the setting's grammar, ChoiceGrammar.Influence, checks them).</summary>
public static class InfluenceMethods
{
    public static readonly IReadOnlyList<string> Names = ["auto", "exact", "block"];

    /// <summary>The method of a canonical name (as the grammar returns it).</summary>
    public static InfluenceMethod Parse(string name) => name switch
    {
        "exact" => InfluenceMethod.Exact,
        "block" => InfluenceMethod.Block,
        _ => InfluenceMethod.Auto,
    };

    public static string Name(InfluenceMethod method) => Names[(int)method];
}
