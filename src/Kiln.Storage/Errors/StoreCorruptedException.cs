namespace Kiln.Storage.Errors;

/// <summary>A store file Kiln manages (<c>oci-layout</c>, <c>index.json</c>, a manifest) is unreadable or invalid.</summary>
public sealed class StoreCorruptedException : StoreException
{
    public StoreCorruptedException(string path, string reason, Exception? innerException = null)
        : base($"{path}: {reason}; run `kiln system check` to list problems (removing the damaged image and pulling or building it again repairs it)", innerException)
    {
        FilePath = path;
        Reason = reason;
    }

    /// <summary>The damaged file.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with it.</summary>
    public string Reason { get; }
}
