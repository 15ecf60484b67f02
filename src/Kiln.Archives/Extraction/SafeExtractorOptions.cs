using Kiln.Archives.Tar;
using Kiln.Archives.Whiteouts;

namespace Kiln.Archives.Extraction;

/// <summary>Options for <see cref="SafeExtractor"/>.</summary>
public sealed record SafeExtractorOptions
{
    /// <summary>lchown every entry to its uid/gid (needs root or CAP_CHOWN).</summary>
    public bool PreserveOwnership { get; init; } = true;

    /// <summary>Set the entries' xattrs (trusted.* and security.* need root).</summary>
    public bool PreserveXattrs { get; init; } = true;

    /// <summary>Which xattrs to set, by name; null sets all.</summary>
    public Func<string, bool>? IncludeXattr { get; init; }

    public WhiteoutHandling Whiteouts { get; init; } = WhiteoutHandling.Apply;

    /// <summary>
    /// Maps each entry before it is extracted (an ownership override, say); returning null skips the entry and
    /// its content. Null extracts every entry as read.
    /// </summary>
    public Func<TarEntry, TarEntry?>? TransformEntry { get; init; }

    /// <summary>The opaque-directory xattr written in <see cref="WhiteoutHandling.Overlay"/> mode.</summary>
    public string OverlayOpaqueXattr { get; init; } = OciWhiteout.OverlayOpaqueXattr;
}
