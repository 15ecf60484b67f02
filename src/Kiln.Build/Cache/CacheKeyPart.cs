using Kiln.Oci;

namespace Kiln.Build.Cache;

/// <summary>
/// One input of a cache key as <see cref="CacheKeyBuilder"/> recorded it, kept so <c>--explain-cache</c> can say which
/// input changed (DF-CACHE-LOCAL). Exactly one of <see cref="Value"/> and <see cref="Digest"/> is set, except for a
/// <see cref="CacheKeyPartKind.Parent"/> part of a step without a parent (neither). A
/// <see cref="CacheKeyPartKind.Files"/> part carries the per-file digests in <see cref="Files"/> and their combined digest
/// in <see cref="Digest"/>; only the combined digest enters the key.
/// </summary>
/// <param name="Name">The input's name, unique within its kind for one key (<c>VERSION</c> for a build arg).</param>
/// <param name="Kind">What the input stands for.</param>
/// <param name="Value">A text value (a build arg's value, the instruction text).</param>
/// <param name="Digest">A digest value (base image, parent key, combined file digest).</param>
/// <param name="Files">For <see cref="CacheKeyPartKind.Files"/>: path to content digest, in ordinal path order.</param>
public sealed record CacheKeyPart(
    string Name,
    CacheKeyPartKind Kind,
    string? Value,
    Digest? Digest,
    IReadOnlyDictionary<string, Digest>? Files = null);
