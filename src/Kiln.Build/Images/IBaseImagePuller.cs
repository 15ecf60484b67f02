using Kiln.Oci;

namespace Kiln.Build.Images;

/// <summary>
/// Fetches a base image the store lacks (DF-FROM-RESOLVE): <c>FROM</c>, <c>COPY --from=IMAGE</c> and
/// <c>--mount,from=IMAGE</c> names are pulled into the local store and tagged there, so the next build finds them offline.
/// </summary>
public interface IBaseImagePuller
{
    /// <summary>Pulls <paramref name="reference"/> for <paramref name="platform"/> into the store.</summary>
    Task PullAsync(ImageReference reference, Platform platform, CancellationToken cancellationToken);
}
