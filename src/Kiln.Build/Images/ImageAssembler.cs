using Kiln.Build.Engine;
using Kiln.Oci;
using Kiln.Oci.Images;
using Kiln.Oci.Json;
using Kiln.Storage;
using Kiln.Storage.Images;

namespace Kiln.Build.Images;

/// <summary>
/// Writes the target stage as an image (DF-IMG-CONFIG, DF-IMG-CREATED, DF-LABEL-CLI): the config from the stage's final
/// state with the CLI labels applied last, the platform, history and DiffIDs; then the manifest over the layers. Times
/// come from when each layer was first built (or SOURCE_DATE_EPOCH), so a rebuild from the cache yields the same image ID.
/// </summary>
internal sealed class ImageAssembler(LocalStore store)
{
    public async Task<StoredImage> AssembleAsync(StageResult target, BuildOptions options, DateTimeOffset buildTime, IReadOnlyDictionary<string, string>? annotations, CancellationToken cancellationToken)
    {
        var state = target.Stage.Final;
        var labels = new Dictionary<string, string>(state.Labels, StringComparer.Ordinal);
        foreach (var (key, value) in options.Labels)
        {
            labels[key] = value;
        }

        var created = options.SourceDateEpoch is { } epoch
            ? DateTimeOffset.FromUnixTimeSeconds(epoch)
            : target.Fs.LastChange ?? target.BaseCreated ?? buildTime;
        var config = new ImageConfig(target.Stage.Stage.Platform)
        {
            Author = state.Author,
            Config = state.ToContainerConfig() with { Labels = labels },
            Created = created,
            History = target.History,
            RootFs = new RootFs(target.Fs.Layers.Select(l => l.DiffId).ToList()),
        };
        var mediaType = options.OciMediaTypes ? MediaTypes.OciImageConfig : MediaTypes.DockerConfig;
        var bytes = OciJson.Serialize(config);
        var manifest = await store.PutImageAsync(bytes, target.Fs.Layers.Select(l => l.Blob).ToList(), docker: !options.OciMediaTypes, annotations: annotations, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new StoredImage(manifest, RawDocument.ParseConfig(bytes, mediaType), [], null);
    }
}
