using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Kiln.Oci.Json;

namespace Kiln.Oci;

/// <summary>
/// A content digest, <c>algorithm:encoded</c> (OCI image-spec v1.1 descriptor.md "Digests").
/// Kiln accepts the two registered algorithms only: <c>sha256</c> (64 lower-case hex characters)
/// and <c>sha512</c> (128). <c>default(Digest)</c> is the empty digest (<see cref="IsEmpty"/>).
/// </summary>
[JsonConverter(typeof(DigestJsonConverter))]
public readonly record struct Digest
{
    /// <summary>The SHA-256 algorithm identifier, the default everywhere.</summary>
    public const string Sha256 = "sha256";

    /// <summary>The SHA-512 algorithm identifier.</summary>
    public const string Sha512 = "sha512";

    /// <summary>Length of the short form shown for image IDs (<c>docker images</c>).</summary>
    public const int ShortLength = 12;

    private const int StreamBufferSize = 81920;

    private readonly string? _algorithm;
    private readonly string? _encoded;

    private Digest(string algorithm, string encoded)
    {
        _algorithm = algorithm;
        _encoded = encoded;
    }

    /// <summary>The algorithm, <c>sha256</c> or <c>sha512</c> (empty for <c>default</c>).</summary>
    public string Algorithm => _algorithm ?? string.Empty;

    /// <summary>The lower-case hex encoding of the hash.</summary>
    public string Encoded => _encoded ?? string.Empty;

    /// <summary>True for <c>default(Digest)</c>.</summary>
    public bool IsEmpty => _algorithm is null;

    /// <summary>The first 12 hex characters, as Docker prints image IDs.</summary>
    public string Short => Encoded.Length <= ShortLength ? Encoded : Encoded[..ShortLength];

    /// <summary>The digest of zero bytes under SHA-256.</summary>
    public static Digest EmptySha256 { get; } = Compute([]);

    /// <summary><c>algorithm:encoded</c>, or an empty string for <c>default</c>.</summary>
    public override string ToString() => IsEmpty ? string.Empty : string.Concat(_algorithm, ":", _encoded);

    /// <summary>Parses <c>sha256:&lt;64 hex&gt;</c> or <c>sha512:&lt;128 hex&gt;</c>.</summary>
    /// <exception cref="InvalidDigestException">The text is not such a digest.</exception>
    public static Digest Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryParse(text, out var digest, out var error))
        {
            throw new InvalidDigestException(error, text);
        }

        return digest;
    }

    /// <summary>Parses a digest, returning false instead of throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Digest digest) => TryParse(text, out digest, out _);

    /// <summary>Builds a digest from an algorithm and its hex encoding, validating both.</summary>
    /// <exception cref="InvalidDigestException">Unknown algorithm or malformed hex.</exception>
    public static Digest FromEncoded(string algorithm, string encoded)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        ArgumentNullException.ThrowIfNull(encoded);
        return Parse(algorithm + ":" + encoded);
    }

    /// <summary>Builds a digest from raw hash bytes (32 bytes for sha256, 64 for sha512).</summary>
    public static Digest FromHash(string algorithm, ReadOnlySpan<byte> hash)
    {
        var expected = HashLength(algorithm)
            ?? throw new InvalidDigestException(UnsupportedAlgorithmMessage(algorithm), algorithm);
        if (hash.Length != expected)
        {
            throw new ArgumentException($"a {algorithm} hash is {expected} bytes, got {hash.Length}", nameof(hash));
        }

        return new Digest(algorithm, Convert.ToHexStringLower(hash));
    }

    /// <summary>The SHA-256 digest of <paramref name="content"/>.</summary>
    public static Digest Compute(ReadOnlySpan<byte> content) => Compute(content, Sha256);

    /// <summary>The digest of <paramref name="content"/> under <paramref name="algorithm"/>.</summary>
    public static Digest Compute(ReadOnlySpan<byte> content, string algorithm)
    {
        switch (algorithm)
        {
            case Sha256:
            {
                Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
                SHA256.HashData(content, hash);
                return new Digest(Sha256, Convert.ToHexStringLower(hash));
            }

            case Sha512:
            {
                Span<byte> hash = stackalloc byte[SHA512.HashSizeInBytes];
                SHA512.HashData(content, hash);
                return new Digest(Sha512, Convert.ToHexStringLower(hash));
            }

            default:
                throw new InvalidDigestException(UnsupportedAlgorithmMessage(algorithm), algorithm ?? string.Empty);
        }
    }

    /// <summary>Reads <paramref name="stream"/> to its end and returns its SHA-256 digest.</summary>
    public static Task<Digest> ComputeAsync(Stream stream, CancellationToken cancellationToken = default) =>
        ComputeAsync(stream, Sha256, cancellationToken);

    /// <summary>Reads <paramref name="stream"/> to its end and returns its digest under <paramref name="algorithm"/>.</summary>
    public static async Task<Digest> ComputeAsync(Stream stream, string algorithm, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var hasher = new DigestHasher(algorithm);
        var buffer = ArrayPool<byte>.Shared.Rent(StreamBufferSize);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, StreamBufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                hasher.Append(buffer.AsSpan(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return hasher.GetDigestAndReset();
    }

    /// <summary>True when <paramref name="content"/> hashes to this digest.</summary>
    public bool Verify(ReadOnlySpan<byte> content) => !IsEmpty && Compute(content, Algorithm) == this;

    /// <summary>Hash length in bytes of a supported algorithm, or null when unsupported.</summary>
    public static int? HashLength(string? algorithm) => algorithm switch
    {
        Sha256 => SHA256.HashSizeInBytes,
        Sha512 => SHA512.HashSizeInBytes,
        _ => null,
    };

    internal static string UnsupportedAlgorithmMessage(string? algorithm) =>
        $"unsupported digest algorithm \"{algorithm}\": expected sha256 or sha512";

    private static bool TryParse(string? text, out Digest digest, out string error)
    {
        digest = default;
        if (string.IsNullOrEmpty(text))
        {
            error = "invalid digest \"\": expected <algorithm>:<hex>, e.g. sha256:<64 hex characters>";
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
        {
            error = $"invalid digest \"{text}\": expected <algorithm>:<hex>, e.g. sha256:<64 hex characters>";
            return false;
        }

        var algorithm = text[..colon];
        var encoded = text[(colon + 1)..];
        var length = HashLength(algorithm);
        if (length is null)
        {
            error = $"invalid digest \"{text}\": {UnsupportedAlgorithmMessage(algorithm)}";
            return false;
        }

        var hexLength = length.Value * 2;
        if (encoded.Length != hexLength)
        {
            error = $"invalid digest \"{text}\": a {algorithm} digest has {hexLength} hex characters, got {encoded.Length}";
            return false;
        }

        foreach (var c in encoded)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                error = $"invalid digest \"{text}\": '{c}' is not a lower-case hex character (0-9, a-f)";
                return false;
            }
        }

        digest = new Digest(algorithm, encoded);
        error = string.Empty;
        return true;
    }
}
