namespace Kiln.Archives.Whiteouts;

/// <summary>How <see cref="Extraction.SafeExtractor"/> treats whiteout entries.</summary>
public enum WhiteoutHandling
{
    /// <summary>Delete what they name (flattening layers onto one root directory).</summary>
    Apply,

    /// <summary>Write overlayfs markers: a char 0/0 device for <c>.wh.name</c>, <c>trusted.overlay.opaque=y</c> for the opaque marker.</summary>
    Overlay,

    /// <summary>Extract them as the ordinary empty files they are in the tar.</summary>
    Keep,
}
