using Kiln.Oci;
using Kiln.Storage;

namespace Kiln.Transports.Archives;

/// <summary>
/// The files of an ingested image archive by normalised path, with the symlinks between them (Docker's
/// <c>docker save</c> links a layer shared by several images to its first copy), and how to get their bytes.
/// </summary>
internal sealed class ArchiveMembers(string archiveName, LocalStore store)
{
    private const int MaxLinkHops = 16;

    private readonly Dictionary<string, ArchiveMember> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _links = new(StringComparer.Ordinal);

    /// <summary>The archive's name for messages (<c>-</c> for standard input).</summary>
    public string ArchiveName => archiveName;

    public LocalStore Store => store;

    public void Add(ArchiveMember member) => _files[member.Name] = member;

    /// <summary>Records a symlink; its target is resolved relative to the link's directory.</summary>
    public void AddLink(string name, string target)
    {
        var directory = name.Contains('/', StringComparison.Ordinal) ? name[..name.LastIndexOf('/')] : string.Empty;
        if (Normalize(target.StartsWith('/') ? target : directory + "/" + target) is { } resolved)
        {
            _links[name] = resolved;
        }
    }

    public bool Contains(string path) => Find(path) is not null;

    /// <summary>The regular file a path names (following links), or null.</summary>
    public ArchiveMember? Find(string path)
    {
        var name = Normalize(path);
        for (var hop = 0; name is not null && hop < MaxLinkHops; hop++)
        {
            if (_files.TryGetValue(name, out var member))
            {
                return member;
            }

            name = _links.GetValueOrDefault(name);
        }

        return null;
    }

    /// <summary>The member a path names, or an <see cref="Errors.ArchiveIntegrityException"/> saying it is missing.</summary>
    public ArchiveMember Require(string path, string neededBy) =>
        Find(path) ?? throw new Errors.ArchiveIntegrityException(archiveName, path, $"{neededBy} needs this file, but the archive does not contain it");

    /// <summary>The member holding the blob <paramref name="descriptor"/> points at (<c>blobs/&lt;alg&gt;/&lt;hex&gt;</c>), checked against the descriptor size.</summary>
    public ArchiveMember RequireBlob(Descriptor descriptor, string neededBy)
    {
        var path = $"blobs/{descriptor.Digest.Algorithm}/{descriptor.Digest.Encoded}";
        var member = Require(path, neededBy);
        if (member.Size != descriptor.Size)
        {
            throw new Errors.ArchiveIntegrityException(archiveName, path, $"is {member.Size} bytes, but {neededBy} declares {descriptor.Size}");
        }

        return member;
    }

    /// <summary>Reads a (small) member: from memory, or verified from the store.</summary>
    public async Task<byte[]> ReadAllBytesAsync(ArchiveMember member, CancellationToken cancellationToken)
    {
        if (member.Content is { } content)
        {
            return content;
        }

        return await store.Blobs.ReadAllBytesAsync(member.StoredDigest!.Value, member.Size, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Makes sure the member's bytes are a blob in the store and returns its descriptor with <paramref name="mediaType"/>.</summary>
    public async Task<Descriptor> EnsureStoredAsync(ArchiveMember member, string mediaType, CancellationToken cancellationToken)
    {
        if (member.Content is { } content)
        {
            return await store.Blobs.WriteAsync(content, mediaType, cancellationToken).ConfigureAwait(false);
        }

        return new Descriptor(mediaType, member.StoredDigest!.Value, member.Size);
    }

    /// <summary>
    /// A tar member path made canonical: no leading <c>/</c> or <c>./</c>, no empty or <c>.</c> components, <c>..</c>
    /// applied; null when <c>..</c> would climb above the archive root (such a name can never match).
    /// </summary>
    public static string? Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    return null;
                }

                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        return string.Join('/', parts);
    }
}
