using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Selection;

/// <summary>
/// The <c>downweight</c> modifier: a point augmented with k copies has its original and each copy weighted
/// 1/(k+1), so the point keeps a total weight of 1; untouched originals keep weight 1.
/// </summary>
public static class Downweighting
{
    /// <summary>Weight of each original; a copy of point i gets the weight of point i.</summary>
    public static double[] Weights(int n, IEnumerable<int> augmented, int copiesPerPoint)
    {
        if (copiesPerPoint < 0)
            throw new ArgumentException($"Copies per augmented point must be >= 0, not {copiesPerPoint}; check the transform set.", nameof(copiesPerPoint));
        var weights = new double[n];
        Array.Fill(weights, 1.0);
        var w = 1.0 / (copiesPerPoint + 1);
        foreach (var i in augmented)
            weights[i] = w;
        return weights;
    }
}
