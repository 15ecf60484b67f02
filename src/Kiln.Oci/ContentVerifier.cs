namespace Kiln.Oci;

/// <summary>
/// Checks content that a stream reads against the digest and size it was asked for by (OCI image-spec descriptor.md
/// "Digests": consumers verify content): hashes and counts every byte, refuses bytes past the expected size as soon as
/// they arrive, and at the end compares digest and size. The caller decides what the end is and which exception a
/// mismatch raises (<c>mismatch</c> gets the actual digest, null when too many bytes arrived, and the byte count).
/// Not thread-safe.
/// </summary>
public sealed class ContentVerifier : IDisposable
{
    private readonly DigestHasher _hasher;
    private readonly Func<Digest?, long, Exception> _mismatch;

    /// <summary>Verifies against <paramref name="expected"/> and, when given, <paramref name="expectedSize"/>.</summary>
    public ContentVerifier(Digest expected, long? expectedSize, Func<Digest?, long, Exception> mismatch)
    {
        ArgumentNullException.ThrowIfNull(mismatch);
        Expected = expected;
        ExpectedSize = expectedSize;
        _mismatch = mismatch;
        _hasher = new DigestHasher(expected.Algorithm);
    }

    /// <summary>The digest the content must hash to.</summary>
    public Digest Expected { get; }

    /// <summary>The size the content must have, when known.</summary>
    public long? ExpectedSize { get; }

    /// <summary>Bytes accepted so far.</summary>
    public long BytesHashed => _hasher.BytesHashed;

    /// <summary>True once <see cref="Complete"/> found the content to match.</summary>
    public bool Verified { get; private set; }

    /// <summary>Hashes <paramref name="data"/>; throws, hashing none of it, when it would take the content past the expected size.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        var total = _hasher.BytesHashed + data.Length;
        if (ExpectedSize is { } size && total > size)
        {
            throw _mismatch(null, total);
        }

        _hasher.Append(data);
    }

    /// <summary>
    /// The end was reached: throws when the digest or size differs from the expected ones. Once it matched, later
    /// calls return at once; after a mismatch every later call checks and throws again (a caller that reads on past
    /// the exception never sees a clean end).
    /// </summary>
    public void Complete()
    {
        if (Verified)
        {
            return;
        }

        var actual = _hasher.GetCurrentDigest();
        if (actual != Expected || (ExpectedSize is { } size && size != _hasher.BytesHashed))
        {
            throw _mismatch(actual, _hasher.BytesHashed);
        }

        Verified = true;
    }

    public void Dispose() => _hasher.Dispose();
}
