namespace Kiln.Storage.Snapshots;

/// <summary>The unpacked layers of an image, bottom to top, ready to be stacked as overlayfs lower directories.</summary>
public sealed record SnapshotChain(IReadOnlyList<Snapshot> Layers)
{
    /// <summary>The directories in overlayfs <c>lowerdir=</c> order: topmost layer first.</summary>
    public IReadOnlyList<string> LowerDirs => Layers.Select(l => l.Path).Reverse().ToArray();

    /// <summary>The <c>lowerdir=</c> value (colon-separated, top first).</summary>
    public string LowerDirOption => string.Join(':', LowerDirs);
}
