using Kiln.Storage.Images;

namespace Kiln.Build.Engine;

/// <summary>A stage base or <c>--from</c> image found in the local store (or imported from an OCI layout), with its unpacked filesystem.</summary>
/// <param name="Name">The reference as shown in progress (<c>docker.io/library/busybox:1.36</c>).</param>
/// <param name="Image">The image.</param>
/// <param name="Fs">Its layers as a filesystem state keyed by the manifest digest.</param>
/// <param name="WasUnpacked">True when its snapshots had to be unpacked (not cached).</param>
internal sealed record ResolvedBase(string Name, StoredImage Image, FsState Fs, bool WasUnpacked);
