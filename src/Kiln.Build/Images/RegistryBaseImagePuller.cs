using Kiln.Distribution;
using Kiln.Oci;
using Kiln.Storage;
using Kiln.Transports.Registry;

namespace Kiln.Build.Images;

/// <summary>Pulls base images through the registry client (<see cref="RegistryPuller"/>: verified, parallel, platform-selected).</summary>
public sealed class RegistryBaseImagePuller(RegistryClient client, LocalStore store) : IBaseImagePuller
{
    /// <inheritdoc/>
    public Task PullAsync(ImageReference reference, Platform platform, CancellationToken cancellationToken) =>
        new RegistryPuller(client, store).PullAsync(reference, new PullOptions { Platform = platform }, cancellationToken);
}
