using System.Diagnostics.CodeAnalysis;
using Kiln.Oci;

namespace Kiln.Build.Cache;

/// <summary>
/// The key of one build step's result in the <see cref="BuildCache"/> (ARCHITECTURE.md decision 1, DF-CACHE-LOCAL): a
/// SHA-256 over the step's operation and inputs as <see cref="CacheKeyBuilder"/> encodes them. Its text form is the digest.
/// </summary>
public readonly record struct CacheKey(Digest Digest)
{
    /// <summary>True for <c>default(CacheKey)</c>, which no builder produces.</summary>
    public bool IsEmpty => Digest.IsEmpty;

    /// <summary><c>sha256:&lt;hex&gt;</c>.</summary>
    public override string ToString() => Digest.ToString();

    /// <summary>Parses the text form (<c>sha256:&lt;64 hex&gt;</c>).</summary>
    /// <exception cref="InvalidDigestException">The text is not a SHA-256 digest.</exception>
    public static CacheKey Parse(string text)
    {
        var digest = Digest.Parse(text);
        if (digest.Algorithm != Digest.Sha256)
        {
            throw new InvalidDigestException($"invalid cache key \"{text}\": cache keys are sha256 digests", text);
        }

        return new CacheKey(digest);
    }

    /// <summary>Parses the text form, returning false instead of throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out CacheKey key)
    {
        key = default;
        if (!Digest.TryParse(text, out var digest) || digest.Algorithm != Digest.Sha256)
        {
            return false;
        }

        key = new CacheKey(digest);
        return true;
    }
}
