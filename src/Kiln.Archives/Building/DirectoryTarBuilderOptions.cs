namespace Kiln.Archives.Building;

/// <summary>Options for <see cref="DirectoryTarBuilder"/>.</summary>
public sealed record DirectoryTarBuilderOptions
{
    /// <summary>
    /// The source is an overlayfs upper directory: char 0/0 devices become <c>.wh.&lt;name&gt;</c> entries, a
    /// directory with <see cref="OverlayXattrPrefix"/><c>opaque=y</c> gets a <c>.wh..wh..opq</c> entry, and the
    /// overlay's own xattrs are not archived.
    /// </summary>
    public bool OverlayUpperDirectory { get; init; }

    /// <summary>Where overlayfs keeps its xattrs: <c>trusted.overlay.</c>, or <c>user.overlay.</c> for userxattr mounts.</summary>
    public string OverlayXattrPrefix { get; init; } = "trusted.overlay.";

    /// <summary>Which xattrs to archive (by name); null archives all.</summary>
    public Func<string, bool>? IncludeXattr { get; init; }

    /// <summary>
    /// With <see cref="OverlayUpperDirectory"/>: called with the host path and the names of the overlay xattrs other than
    /// <c>opaque</c> (<c>origin</c>, <c>impure</c>, ...) of the root and of every entry that carries any, so that a
    /// caller who keeps the upper dir as a lower layer can remove them without walking the tree a second time. Null:
    /// not reported.
    /// </summary>
    public Action<string, IReadOnlyList<string>>? OverlayBookkeepingFound { get; init; }

    /// <summary>Prepended (with '/') to every entry path, e.g. <c>app</c>; empty for none.</summary>
    public string PathPrefix { get; init; } = string.Empty;
}
