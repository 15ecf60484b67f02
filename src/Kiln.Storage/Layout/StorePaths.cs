using Kiln.Oci;

namespace Kiln.Storage.Layout;

/// <summary>
/// Where everything lives under the store root: the OCI image layout (image-layout.md: <c>oci-layout</c>,
/// <c>index.json</c>, <c>blobs/&lt;alg&gt;/&lt;hex&gt;</c>) and Kiln's own directories beside it
/// (<c>ingest/</c> for temp files, <c>snapshots/</c>, <c>locks/</c>, <c>cache/</c>).
/// </summary>
internal sealed record StorePaths(string Root)
{
    public string LayoutFile => Path.Combine(Root, "oci-layout");

    public string IndexFile => Path.Combine(Root, "index.json");

    public string Blobs => Path.Combine(Root, "blobs");

    public string Ingest => Path.Combine(Root, "ingest");

    public string Snapshots => Path.Combine(Root, "snapshots");

    public string Locks => Path.Combine(Root, "locks");

    public string Cache => Path.Combine(Root, "cache");

    /// <summary>Working directories of running builds (overlay upper/work/merged dirs), one per process.</summary>
    public string Build => Path.Combine(Root, "build");

    public string WriteLock => Path.Combine(Locks, "store.lock");

    public string BlobDirectory(string algorithm) => Path.Combine(Blobs, algorithm);

    public string Blob(Digest digest) => Path.Combine(Blobs, digest.Algorithm, digest.Encoded);

    public string Snapshot(Digest chainId) => Path.Combine(Snapshots, chainId.Encoded);

    /// <summary>A fresh, unique temp path inside <c>ingest/</c> (the only place partial files may exist).</summary>
    public string NewIngestPath(string kind) => Path.Combine(Ingest, $"{kind}-{Guid.NewGuid():N}");
}
