namespace Kiln.Cli.Tests.Differential;

/// <summary>
/// What the differential tests compare for one path of a root filesystem: type, permission bits, owner, size, content
/// digest and link target (mtimes are ignored; a hardlink, type <c>h</c>, has the summary of the file it links to and that file's path as target).
/// </summary>
public sealed record FileSummary(char Type, int Mode, long Uid, long Gid, long Size, string? Sha256, string? LinkTarget)
{
    public override string ToString() =>
        $"{Type} {Convert.ToString(Mode, 8).PadLeft(4, '0')} {Uid}:{Gid} size={Size}"
        + (Sha256 is null ? "" : " sha256=" + Sha256[..12])
        + (LinkTarget is null ? "" : " -> " + LinkTarget);
}
