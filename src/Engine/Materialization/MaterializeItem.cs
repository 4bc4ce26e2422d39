using AugBuild.Engine.Data;

namespace AugBuild.Engine.Materialization;

/// <summary>
/// One original image and what selection decided for it. Its weight and score are written on the original's
/// row and on each of its copies (downweighting gives the original and its copies the same 1/(k+1)).
/// </summary>
public sealed record MaterializeItem(ImageEntry Entry, bool Selected, double Weight, double Score);
