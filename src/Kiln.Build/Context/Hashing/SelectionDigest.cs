using Kiln.Oci;

namespace Kiln.Build.Context.Hashing;

/// <summary>
/// The content digest of a filtered build-context selection (ARCHITECTURE decision 1, DF-CACHE-COPY-CONTENT):
/// one Merkle root over everything the filters let through, plus the digest of every selected path.
/// </summary>
/// <param name="Root">The digest of the selection's root directory (its metadata and its selected children).</param>
/// <param name="Paths">Digest per selected path, relative and <c>/</c>-separated; the root is <c>.</c>.</param>
/// <param name="FileCount">Non-directory entries hashed.</param>
public sealed record SelectionDigest(Digest Root, IReadOnlyDictionary<string, Digest> Paths, int FileCount)
{
    /// <summary>The digest of one selected path (<c>.</c> for the root), or null when it is not in the selection.</summary>
    public Digest? Find(string path) => Paths.TryGetValue(path, out var digest) ? digest : null;
}
