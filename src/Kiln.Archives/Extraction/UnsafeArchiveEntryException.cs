namespace Kiln.Archives.Extraction;

/// <summary>An archive entry that would reach outside the extraction root ('..' above the root, a hardlink to a directory, ...).</summary>
public sealed class UnsafeArchiveEntryException : IOException
{
    public UnsafeArchiveEntryException(string entryPath, string reason)
        : base($"unsafe archive entry '{entryPath}': {reason}")
    {
        EntryPath = entryPath;
        Reason = reason;
    }

    public string EntryPath { get; }

    public string Reason { get; }
}
