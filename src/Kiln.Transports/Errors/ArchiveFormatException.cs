namespace Kiln.Transports.Errors;

/// <summary>
/// An image archive that cannot be read: not a tar, truncated, or neither a docker-archive (<c>manifest.json</c>) nor
/// an OCI image layout (<c>index.json</c>). The message names the archive and what to do; nothing was tagged.
/// </summary>
public sealed class ArchiveFormatException : IOException
{
    public ArchiveFormatException(string archive, string reason, Exception? innerException = null)
        : base($"{archive}: {reason}", innerException)
    {
        Archive = archive;
        Reason = reason;
    }

    /// <summary>The archive's path, or <c>-</c> for standard input.</summary>
    public string Archive { get; }

    public string Reason { get; }
}
