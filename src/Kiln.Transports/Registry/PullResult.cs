using Kiln.Oci;

namespace Kiln.Transports.Registry;

/// <summary>
/// What a pull stored: <see cref="Target"/> is what the reference points at (the index when the registry served one, else
/// the manifest), <see cref="Manifest"/> the platform's image manifest, with blob counts.
/// </summary>
public sealed record PullResult(ImageReference Reference, Descriptor Target, Descriptor Manifest, Descriptor? Index, int Downloaded, int Skipped);
