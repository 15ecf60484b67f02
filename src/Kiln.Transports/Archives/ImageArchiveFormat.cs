namespace Kiln.Transports.Archives;

/// <summary>The image archive formats Kiln reads and writes.</summary>
public enum ImageArchiveFormat
{
    /// <summary><c>docker save</c> output: <c>manifest.json</c>, <c>repositories</c>, config and uncompressed layer tars (legacy per-layer directories, or Docker 25+'s <c>blobs/</c>).</summary>
    DockerArchive,

    /// <summary>A tar of an OCI image layout (image-layout.md): <c>oci-layout</c>, <c>index.json</c>, <c>blobs/</c> (skopeo's <c>oci-archive:</c>).</summary>
    OciArchive,
}
