using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Kiln.Oci;

namespace Kiln.Build.Cache;

/// <summary>
/// Streams the canonical, length-prefixed encoding described on <see cref="CacheKeyBuilder"/> into a SHA-256: strings as
/// a 4-byte big-endian byte length and strict UTF-8, counts as 4-byte big-endian, tags as one byte.
/// </summary>
internal sealed class CanonicalEncoder : IDisposable
{
    // Strict: a string with a lone surrogate would otherwise become U+FFFD and collide with another string.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly DigestHasher _hasher = new(Digest.Sha256);

    public void WriteString(string value)
    {
        int length;
        try
        {
            length = StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException($"a cache key input is not valid Unicode text (a lone surrogate): \"{value}\"", nameof(value), e);
        }

        WriteCount(length);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = StrictUtf8.GetBytes(value, buffer);
            _hasher.Append(buffer.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void WriteCount(int count)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, checked((uint)count));
        _hasher.Append(bytes);
    }

    public void WriteTag(byte tag) => _hasher.Append([tag]);

    public Digest Finish() => _hasher.GetDigestAndReset();

    public void Dispose() => _hasher.Dispose();
}
