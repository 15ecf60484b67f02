namespace Kiln.Distribution.Blobs;

/// <summary>How a blob got to the registry.</summary>
public enum BlobUploadResult
{
    /// <summary>It was already there (HEAD answered 200); nothing was sent.</summary>
    Exists,

    /// <summary>Mounted from another repository of the same registry (<c>POST ?mount=&amp;from=</c> answered 201).</summary>
    Mounted,

    /// <summary>Uploaded (monolithic or chunked).</summary>
    Uploaded,
}
