using AugBuild.Engine.Learning;

namespace AugBuild.Engine.Learning;

/// <summary>
/// The training set after augmentation: every original, then the copies of the augmented ones, each copy
/// carrying its original's label and weight (method.md: the copies are appended to the training set).
/// </summary>
public static class AugmentedTraining
{
    public static TrainingSet Build(
        IReadOnlyList<float[]> originals,
        int[] labels,
        int classCount,
        IReadOnlyList<int> augmented,
        IReadOnlyList<float[][]> copiesOfAugmented,
        double[]? originalWeights = null)
    {
        var rows = new List<float[]>(originals.Count + augmented.Count * (copiesOfAugmented.Count > 0 ? copiesOfAugmented[0].Length : 0));
        var rowLabels = new List<int>(rows.Capacity);
        var weights = new List<double>(rows.Capacity);
        for (var i = 0; i < originals.Count; i++)
        {
            rows.Add(originals[i]);
            rowLabels.Add(labels[i]);
            weights.Add(originalWeights?[i] ?? 1.0);
        }

        for (var j = 0; j < augmented.Count; j++)
        {
            var i = augmented[j];
            foreach (var copy in copiesOfAugmented[j])
            {
                rows.Add(copy);
                rowLabels.Add(labels[i]);
                weights.Add(originalWeights?[i] ?? 1.0);
            }
        }

        return TrainingSet.FromFloats(rows, [.. rowLabels], classCount, [.. weights]);
    }

    /// <summary>Scores of the originals under a model fitted on <paramref name="fitData"/> (H summed over every fitted row).</summary>
    /// <param name="influence">Exact, or block when the score stage found the exact Hessian too large (see <see cref="ProbePlan"/>).</param>
    public static double[] ScoreOriginals(SoftmaxModel model, TrainingSet fitData, int originalCount, string score,
        InfluenceMethod influence = InfluenceMethod.Exact)
    {
        var originals = fitData.Subset(Enumerable.Range(0, originalCount).ToArray());
        if (score == "loss") return PointScores.Loss(model, originals);
        return influence == InfluenceMethod.Block ? PointScores.BlockInfluence(model, fitData, originals) : PointScores.Influence(model, fitData, originals);
    }
}
