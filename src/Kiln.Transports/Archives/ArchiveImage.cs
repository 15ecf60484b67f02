using Kiln.Oci;
using Kiln.Storage.Images;

namespace Kiln.Transports.Archives;

/// <summary>One image to write into an archive (<c>kiln save</c>) and the names to record for it (none: saved by ID).</summary>
public sealed record ArchiveImage(StoredImage Image, IReadOnlyList<ImageReference> Names);
