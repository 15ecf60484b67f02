using Kiln.Oci;

namespace Kiln.Distribution.Errors;

/// <summary>Downloaded content did not match the digest or size it was requested by; nothing of it may be stored.</summary>
public sealed class BlobVerificationException : RegistryException
{
    public BlobVerificationException(string what, Digest expected, long expectedSize, Digest actual, long actualSize)
        : base(actualSize != expectedSize
            ? $"{what}: expected {expectedSize} bytes for {expected}, received {actualSize}; the registry or a proxy corrupted the transfer"
            : $"{what}: content hashes to {actual}, not {expected}; the registry or a proxy corrupted the transfer")
    {
        Expected = expected;
        Actual = actual;
    }

    public Digest Expected { get; }

    public Digest Actual { get; }
}
