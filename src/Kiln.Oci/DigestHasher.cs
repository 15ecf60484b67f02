using System.Security.Cryptography;

namespace Kiln.Oci;

/// <summary>
/// Incremental digest computation for streamed content (layer blobs, uploads): append chunks,
/// then read the <see cref="Digest"/>. Wraps <see cref="IncrementalHash"/>; not thread-safe.
/// </summary>
public sealed class DigestHasher : IDisposable
{
    private readonly IncrementalHash _hash;

    /// <summary>Starts hashing with <paramref name="algorithm"/> (<c>sha256</c> by default).</summary>
    public DigestHasher(string algorithm = Digest.Sha256)
    {
        Algorithm = algorithm;
        _hash = algorithm switch
        {
            Digest.Sha256 => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
            Digest.Sha512 => IncrementalHash.CreateHash(HashAlgorithmName.SHA512),
            _ => throw new InvalidDigestException(Digest.UnsupportedAlgorithmMessage(algorithm), algorithm ?? string.Empty),
        };
    }

    /// <summary>The digest algorithm.</summary>
    public string Algorithm { get; }

    /// <summary>Number of bytes appended since creation or the last reset.</summary>
    public long BytesHashed { get; private set; }

    /// <summary>Adds <paramref name="data"/> to the hash.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        _hash.AppendData(data);
        BytesHashed += data.Length;
    }

    /// <summary>The digest of everything appended so far; hashing may continue.</summary>
    public Digest GetCurrentDigest()
    {
        Span<byte> buffer = stackalloc byte[_hash.HashLengthInBytes];
        _hash.GetCurrentHash(buffer);
        return Digest.FromHash(Algorithm, buffer);
    }

    /// <summary>The digest of everything appended so far; the hasher starts over afterwards.</summary>
    public Digest GetDigestAndReset()
    {
        Span<byte> buffer = stackalloc byte[_hash.HashLengthInBytes];
        _hash.GetHashAndReset(buffer);
        BytesHashed = 0;
        return Digest.FromHash(Algorithm, buffer);
    }

    public void Dispose() => _hash.Dispose();
}
