namespace Kiln.Archives.Extraction;

/// <summary>An entry that could not be extracted (its parent is a file, its hardlink target is missing, a syscall failed).</summary>
public sealed class ArchiveExtractionException : IOException
{
    public ArchiveExtractionException(string entryPath, string reason, Exception? innerException = null)
        : base($"cannot extract '{entryPath}': {reason}", innerException)
    {
        EntryPath = entryPath;
        Reason = reason;
    }

    public string EntryPath { get; }

    public string Reason { get; }
}
