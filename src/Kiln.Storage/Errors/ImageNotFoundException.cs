namespace Kiln.Storage.Errors;

/// <summary>No image in the store matches a name, tag, image ID or digest (Docker's "No such image").</summary>
public sealed class ImageNotFoundException : StoreException
{
    public ImageNotFoundException(string nameOrId)
        : base($"No such image: {nameOrId} (`kiln images` lists the images in the store; pull or build it first)")
    {
        NameOrId = nameOrId;
    }

    public string NameOrId { get; }
}
