using Kiln.Oci;

namespace Kiln.Storage.Images;

/// <summary>
/// What a name, image ID or digest resolved to: the manifest or index descriptor and every reference in the store that
/// points at it (empty when found only by digest).
/// </summary>
public sealed record ResolvedImage(Descriptor Target, IReadOnlyList<ImageReference> References)
{
    /// <summary>True when <see cref="Target"/> is an index / manifest list rather than a single-platform manifest.</summary>
    public bool IsIndex => MediaTypes.IsIndex(Target.MediaType);
}
