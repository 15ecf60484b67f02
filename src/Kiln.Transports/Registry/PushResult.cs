using Kiln.Oci;

namespace Kiln.Transports.Registry;

/// <summary>What a push did: the manifest or index now under the reference, the platform manifests pushed, and blob counts.</summary>
public sealed record PushResult(ImageReference Reference, Descriptor Target, IReadOnlyList<Descriptor> Manifests, int Uploaded, int Mounted, int Existing);
