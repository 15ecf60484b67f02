namespace Kiln.Oci;

/// <summary>
/// Thrown when the bytes of a manifest, index or image config are not a valid JSON document of
/// the expected kind (OCI image-spec v1.1 manifest.md, image-index.md, config.md).
/// </summary>
public sealed class InvalidDocumentException : FormatException
{
    public InvalidDocumentException()
        : base("invalid image document")
    {
    }

    public InvalidDocumentException(string message)
        : base(message)
    {
    }

    public InvalidDocumentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
