namespace Kiln.Storage.Errors;

/// <summary>An image given to the store is inconsistent (e.g. the config's DiffIDs do not match the manifest's layers).</summary>
public sealed class InvalidImageException : StoreException
{
    public InvalidImageException(string image, string reason)
        : base($"invalid image {image}: {reason}")
    {
        Image = image;
        Reason = reason;
    }

    public string Image { get; }

    public string Reason { get; }
}
