namespace Kiln.Archives.Whiteouts;

/// <summary>
/// OCI image-spec layer whiteouts ("Whiteouts" in layer.md): a regular file <c>.wh.&lt;name&gt;</c> deletes the
/// sibling <c>&lt;name&gt;</c> from lower layers; <c>.wh..wh..opq</c> hides every lower-layer child of its
/// directory. Overlayfs records the same as a char 0/0 device and <c>trusted.overlay.opaque=y</c>.
/// </summary>
public static class OciWhiteout
{
    public const string Prefix = ".wh.";

    public const string OpaqueMarker = ".wh..wh..opq";

    /// <summary>The overlayfs xattr that marks an opaque directory (rootful mounts).</summary>
    public const string OverlayOpaqueXattr = "trusted.overlay.opaque";

    /// <summary>The whiteout file name that deletes <paramref name="name"/>.</summary>
    public static string WhiteoutNameFor(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Prefix + name;
    }

    /// <summary>Classifies a base name: an opaque marker, a whiteout of a sibling, or ordinary content.</summary>
    public static WhiteoutKind Classify(string baseName, out string? hiddenName)
    {
        ArgumentNullException.ThrowIfNull(baseName);
        hiddenName = null;
        if (baseName == OpaqueMarker)
        {
            return WhiteoutKind.Opaque;
        }

        if (!baseName.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return WhiteoutKind.None;
        }

        hiddenName = baseName[Prefix.Length..];
        return WhiteoutKind.Whiteout;
    }

    /// <summary>True when <paramref name="hiddenName"/> names a real sibling (not empty, ".", ".." or with a '/').</summary>
    public static bool IsValidHiddenName(string hiddenName) =>
        hiddenName.Length > 0 && hiddenName != "." && hiddenName != ".." && !hiddenName.Contains('/', StringComparison.Ordinal);
}
