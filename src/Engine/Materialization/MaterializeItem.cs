using AugBuild.Engine.Data;

namespace AugBuild.Engine.Materialization;

/// <summary>
/// One original image and what selection decided for it. Its weight, score and label check are written on the
/// original's row and on each of its copies (downweighting gives the original and its copies the same 1/(k+1)).
/// </summary>
/// <param name="SelfConfidence">Out-of-fold p(label | image); NaN when unknown.</param>
/// <param name="SuspectLabel">Confident learning flags the original's label as a likely error.</param>
public sealed record MaterializeItem(ImageEntry Entry, bool Selected, double Weight, double Score,
    double SelfConfidence = double.NaN, bool SuspectLabel = false);
