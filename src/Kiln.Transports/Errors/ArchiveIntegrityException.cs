namespace Kiln.Transports.Errors;

/// <summary>
/// An image archive whose content contradicts itself: a blob that does not hash to its name or descriptor, a layer
/// whose DiffID differs from the image config, a member the manifest names but the archive lacks. The image was
/// rejected before anything referenced the content (OCI image-spec descriptor.md "Digests": consumers verify).
/// </summary>
public sealed class ArchiveIntegrityException : IOException
{
    public ArchiveIntegrityException(string archive, string member, string reason, Exception? innerException = null)
        : base($"{archive}: {member}: {reason}; the archive is corrupt or was tampered with: create it again", innerException)
    {
        Archive = archive;
        Member = member;
        Reason = reason;
    }

    /// <summary>The archive's path, or <c>-</c> for standard input.</summary>
    public string Archive { get; }

    /// <summary>The archive member (path inside the tar) at fault.</summary>
    public string Member { get; }

    public string Reason { get; }
}
