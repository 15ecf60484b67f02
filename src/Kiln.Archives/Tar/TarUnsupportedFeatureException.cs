namespace Kiln.Archives.Tar;

/// <summary>
/// A well-formed tar using a feature Kiln refuses rather than misread: GNU sparse files (typeflag 'S',
/// PAX <c>GNU.sparse.*</c>), multi-volume parts, unknown entry types.
/// </summary>
public sealed class TarUnsupportedFeatureException : TarFormatException
{
    public TarUnsupportedFeatureException(string reason, long offset, string? entryPath = null)
        : base(reason, offset, entryPath)
    {
    }
}
