using Kiln.Storage;
using Kiln.Storage.Images;

namespace Kiln.Cli.Commands.Store;

/// <summary>
/// Layer sizes as Kiln reports them in <c>images</c>, <c>inspect</c> and <c>history</c>: the uncompressed (tar) size of
/// each layer, as Docker reports uncompressed sizes; a layer that cannot be measured (no codec for its compression,
/// damaged) counts with its stored size.
/// </summary>
internal static class ImageSizes
{
    /// <summary>One size per layer of <paramref name="image"/>, bottom to top.</summary>
    public static async Task<IReadOnlyList<long>> PerLayerAsync(LocalStore store, StoredImage image, CancellationToken cancellationToken)
    {
        var sizes = new List<long>(image.Layers.Count);
        foreach (var layer in image.Layers)
        {
            sizes.Add(await store.TryGetUncompressedSizeAsync(layer, cancellationToken).ConfigureAwait(false) ?? layer.Size);
        }

        return sizes;
    }

    /// <summary>The image's size: the sum of its layers' sizes.</summary>
    public static async Task<long> TotalAsync(LocalStore store, StoredImage image, CancellationToken cancellationToken) =>
        (await PerLayerAsync(store, image, cancellationToken).ConfigureAwait(false)).Sum();
}
