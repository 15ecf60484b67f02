using Kiln.Oci;

namespace Kiln.Archives.Layers;

/// <summary>
/// A layer's content does not match what the manifest or config declares: the compressed blob's digest or
/// size (descriptor), or the uncompressed tar's diffID (config <c>rootfs.diff_ids</c>). Raised at end of stream.
/// </summary>
public sealed class LayerDigestMismatchException : IOException
{
    public LayerDigestMismatchException(string what, string expected, string actual)
        : base($"layer {what} mismatch: expected {expected}, got {actual}")
    {
        What = what;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>Which check failed: <c>diffID</c>, <c>digest</c> or <c>size</c>.</summary>
    public string What { get; }

    public string Expected { get; }

    public string Actual { get; }

    internal static LayerDigestMismatchException Digests(string what, Digest expected, Digest actual) =>
        new(what, expected.ToString(), actual.ToString());
}
