using Kiln.Oci;
using Kiln.Storage.Images;

namespace Kiln.Cli.Rendering;

/// <summary>One image for <c>kiln inspect</c>: what was stored, the manifest or index the name resolved to, and the uncompressed size in bytes.</summary>
internal sealed record ImageInspectEntry(StoredImage Image, Descriptor Target, long Size);
