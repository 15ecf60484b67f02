using Kiln.Archives.Layers;
using Kiln.Linux;
using Kiln.Oci;
using Kiln.Storage;
using Kiln.Storage.Snapshots;

namespace Kiln.Build.Layers;

/// <summary>
/// Turns a step's upper dir (its diff in overlay format) into a layer (DF-IMG-LAYERS): the deterministic PAX tar of the
/// upper dir, compressed, streamed straight into the blob store (one write), then the upper dir itself becomes the
/// layer's snapshot by a rename, with overlay's bookkeeping xattrs removed. An empty diff still makes a layer (an
/// empty tar), as BuildKit does for every COPY/ADD/WORKDIR: its image writer stopped dropping empty layers in 0.10
/// (moby/buildkit#2651) and dockerd's exporter never did (checked by the differential tests: <c>WORKDIR /tmp</c> and
/// a COPY whose wildcard matches nothing are layers, not <c>empty_layer</c> entries).
/// </summary>
public sealed class LayerCommitter(LocalStore store, LayerWriterOptions options)
{
    private readonly LinuxFileSystem _fs = new();

    /// <summary>
    /// Commits <paramref name="upperDirectory"/> on top of <paramref name="parentChainId"/> (null for the bottom layer).
    /// An empty directory gives an empty layer.
    /// </summary>
    public async Task<LayerRef?> CommitAsync(string upperDirectory, Digest? parentChainId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upperDirectory);
        // The walk that packs the tar reads every entry's xattrs anyway: it names the overlay's bookkeeping xattrs of the
        // root and of the entries that carry any, and only those are removed afterwards.
        var marked = new List<(string Path, IReadOnlyList<string> Names)>();
        var writer = new LayerWriter(_fs, options with
        {
            Directory = options.Directory with { OverlayUpperDirectory = true, OverlayBookkeepingFound = (path, names) => marked.Add((path, names)) },
        });
        LayerWriteResult? written = null;
        var stored = await store.Blobs.WriteAsync(
            (stream, token) => written = writer.WriteDirectory(upperDirectory, stream, token),
            cancellationToken).ConfigureAwait(false);
        if (written is null || stored.Digest != written.Descriptor.Digest || stored.Size != written.Descriptor.Size)
        {
            throw new InvalidOperationException($"layer blob {stored.Digest} does not match what was written ({written?.Descriptor.Digest})");
        }

        var chainId = parentChainId is { } parent ? ChainId.Next(parent, written.DiffId) : written.DiffId;
        // A committed upper dir is used as a lower dir later; origin/impure marks would point at this mount's layers.
        foreach (var (entry, names) in marked)
        {
            foreach (var name in names)
            {
                _fs.RemoveXattr(entry, name);
            }
        }

        var path = store.Snapshots.Adopt(chainId, upperDirectory);
        return new LayerRef(written.Descriptor, written.DiffId, chainId, path);
    }
}
