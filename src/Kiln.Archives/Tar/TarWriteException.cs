namespace Kiln.Archives.Tar;

/// <summary>An entry the writer cannot encode faithfully (invalid path, xattr name, size mismatch with its content).</summary>
public sealed class TarWriteException : IOException
{
    public TarWriteException(string entryPath, string reason)
        : base($"cannot write tar entry '{entryPath}': {reason}")
    {
        EntryPath = entryPath;
        Reason = reason;
    }

    public string EntryPath { get; }

    public string Reason { get; }
}
