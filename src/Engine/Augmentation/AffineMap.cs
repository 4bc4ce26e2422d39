namespace AugBuild.Engine.Augmentation;

/// <summary>
/// Inverse affine map from an output pixel to the source position it samples:
/// u = A*x + B*y + C, v = D*x + E*y + F. Coordinates are pixel indices: the centre of pixel (i, j) is (i, j),
/// so the image spans [-0.5, W-0.5] x [-0.5, H-0.5] and its centre is ((W-1)/2, (H-1)/2).
/// </summary>
public readonly record struct AffineMap(double A, double B, double C, double D, double E, double F)
{
    public static AffineMap Identity => new(1, 0, 0, 0, 1, 0);

    /// <summary>Content moves by (dx, dy): output (x, y) shows source (x - dx, y - dy).</summary>
    public static AffineMap Translate(double dx, double dy) => new(1, 0, -dx, 0, 1, -dy);

    public static AffineMap FlipHorizontal(int width) => new(-1, 0, width - 1, 0, 1, 0);

    public static AffineMap FlipVertical(int height) => new(1, 0, 0, 0, -1, height - 1);

    /// <summary>
    /// Rotates the content counter-clockwise as displayed (y down) by <paramref name="degrees"/> about the
    /// image centre; the same sense as PIL's and torchvision's rotate.
    /// </summary>
    public static AffineMap Rotate(double degrees, int width, int height)
    {
        double t = degrees * Math.PI / 180.0;
        double c = Math.Cos(t), s = Math.Sin(t);
        double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0;
        // Forward (display, y down): x' = c*x + s*y, y' = -s*x + c*y about the centre; this is its inverse.
        return new AffineMap(c, -s, cx - c * cx + s * cy, s, c, cy - s * cx - c * cy);
    }

    /// <summary>
    /// Removes <paramref name="margin"/> pixels from every side and stretches the rest back to width x height.
    /// Half-pixel-centre resize: output pixel x samples source m + (x + 0.5) * (W - 2m) / W - 0.5
    /// (the convention of OpenCV's INTER_LINEAR and PIL's bilinear without antialiasing). Sample it with the
    /// crop rectangle as the window so the crop's own edge is replicated, as a real crop-then-resize does.
    /// </summary>
    public static AffineMap CropResize(int margin, int width, int height)
    {
        double sx = (width - 2.0 * margin) / width, sy = (height - 2.0 * margin) / height;
        return new AffineMap(sx, 0, margin + 0.5 * sx - 0.5, 0, sy, margin + 0.5 * sy - 0.5);
    }
}
