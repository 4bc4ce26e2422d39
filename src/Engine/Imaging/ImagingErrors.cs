namespace AugBuild.Engine.Imaging;

/// <summary>AUG2000-AUG2009: reading images (docs/errors.md).</summary>
public static class ImagingErrors
{
    /// <summary>A file is not a decodable PNG, JPEG, BMP, GIF or WebP image (corrupt, truncated or another format).</summary>
    public const string Undecodable = "AUG2001";

    /// <summary>An image file could not be read (missing, no permission).</summary>
    public const string Unreadable = "AUG2002";

    /// <summary>An in-memory image has no pixels or zero size.</summary>
    public const string EmptyImage = "AUG2003";

    /// <summary>An image declares more pixels than the limit (default 100 megapixels, environment variable AUGBUILD_MAX_IMAGE_PIXELS) and its format cannot be decoded downscaled (PNG, BMP, GIF); JPEG and WebP are decoded downscaled instead. Resize the image, or raise the limit if it is genuine and memory allows.</summary>
    public const string ImageTooLarge = "AUG2004";

    /// <summary>A path with an image extension names a FIFO, socket or device, not a regular file; it is never opened (reading it could block forever) and is skipped as a bad image.</summary>
    public const string NotRegularFile = "AUG2312";
}
