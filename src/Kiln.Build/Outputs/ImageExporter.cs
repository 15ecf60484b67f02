using System.Globalization;
using Kiln.Oci;
using Kiln.Storage;
using Kiln.Storage.Images;
using Kiln.Transports.Archives;
using Kiln.Transports.Conversion;
using Kiln.Transports.Filesystems;

namespace Kiln.Build.Outputs;

/// <summary>
/// Exports the image a build produced in Kiln's store (CLI-OUTPUT, CLI-OUTPUT-LOCAL/TAR/OCI/DOCKER/IMAGE/REGISTRY):
/// <list type="bullet">
/// <item><c>image</c>: tags the image in the store with every name (<c>-t</c> tags replace <c>name=</c>, as in buildx; an
/// unnamed image with <c>dangling-name-prefix=P</c> is named <c>P@&lt;manifest digest&gt;</c>, as BuildKit does);
/// <c>push=true</c>, <c>type=registry</c> and <c>--push</c> then push every name through the registry client, compressed as <c>compression=</c> says.</item>
/// <item><c>docker</c>: a docker-archive (<see cref="DockerArchiveWriter"/>, names in <c>RepoTags</c>) to a file or stdout;
/// without <c>dest</c> the image is loaded into the store (tagged, as <c>image</c>).</item>
/// <item><c>oci</c>: an OCI layout tarball (<see cref="OciArchiveWriter"/>) to a file or stdout, or with <c>tar=false</c> an
/// OCI layout directory.</item>
/// <item><c>tar</c>: the final filesystem as one tar (<see cref="FilesystemExporter"/>) to a file or stdout.</item>
/// <item><c>local</c>: the final filesystem written into a directory with safe extraction, merged over its content.</item>
/// <item><c>cacheonly</c>: nothing.</item>
/// </list>
/// Files are written atomically (temp file in the same directory, then rename), so an interrupted export never leaves a
/// truncated archive at the destination.
/// </summary>
public sealed partial class ImageExporter(ImageExporterOptions? options = null) : IImageExporter
{
    private const string ConfigDigestAnnotation = "config.digest";
    private const string CreatedAnnotation = "org.opencontainers.image.created";

    private readonly ImageExporterOptions _options = options ?? new ImageExporterOptions();

    /// <inheritdoc/>
    /// <exception cref="OutputException">The output is not supported (push) or its destination cannot be written.</exception>
    public async Task<ExportResult> ExportAsync(
        LocalStore store,
        StoredImage image,
        IReadOnlyList<ImageReference> tags,
        OutputSpec spec,
        Func<Stream> stdout,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(stdout);
        EnsureSupported(spec);
        cancellationToken.ThrowIfCancellationRequested();
        image = await CompressForAsync(store, image, spec, cancellationToken).ConfigureAwait(false);

        var names = ResolveNames(tags, spec);
        if (names.Count == 0 && spec.Type == OutputType.Image && spec.Attributes.TryGetValue("dangling-name-prefix", out var prefix) && prefix.Length > 0)
        {
            // BuildKit's image exporter names an otherwise unnamed image <prefix>@<manifest digest>.
            names = [DanglingName(prefix, image)];
        }

        var descriptor = DescribeImage(image);
        switch (spec.Type)
        {
            case OutputType.CacheOnly:
                return new ExportResult(spec, [], null, null, null);

            case OutputType.Image:
            case OutputType.Docker when spec.Destination is null:
                if (spec.Push)
                {
                    // Before anything is tagged: a push that cannot happen changes nothing.
                    _ = _options.Registry ?? throw new OutputException(OutputException.UnsupportedId, $"cannot push \"{spec}\": no registry access was configured for this export");
                    if (names.Count == 0)
                    {
                        throw new OutputException(OutputException.InvalidSpecId, $"cannot push \"{spec}\": the image has no name; give one with -t REGISTRY/REPOSITORY:TAG");
                    }
                }

                foreach (var name in names)
                {
                    await store.TagAsync(name, StoreTarget(image), cancellationToken).ConfigureAwait(false);
                }

                if (spec.Push)
                {
                    descriptor = await PushAsync(store, image, names, spec, cancellationToken).ConfigureAwait(false);
                }

                return new ExportResult(spec, names, descriptor, image.ImageId, null);

            case OutputType.Oci or OutputType.Docker when !spec.Tar:
            {
                var path = Path.GetFullPath(spec.Destination!);
                await new OciLayoutDirectoryWriter(store).WriteAsync(path, image, names, cancellationToken).ConfigureAwait(false);
                return new ExportResult(spec, names, descriptor, image.ImageId, path);
            }

            case OutputType.Docker:
            {
                var writer = new DockerArchiveWriter(store);
                var path = await WriteFileOrStdoutAsync(spec, stdout, (output, token) => writer.WriteAsync([new ArchiveImage(image, names)], output, token), cancellationToken)
                    .ConfigureAwait(false);
                return new ExportResult(spec, names, descriptor, image.ImageId, path);
            }

            case OutputType.Oci:
            {
                var writer = new OciArchiveWriter(store);
                var path = await WriteFileOrStdoutAsync(spec, stdout, (output, token) => writer.WriteAsync([new ArchiveImage(image, names)], output, token), cancellationToken)
                    .ConfigureAwait(false);
                return new ExportResult(spec, names, descriptor, image.ImageId, path);
            }

            case OutputType.Tar:
            {
                var exporter = new FilesystemExporter(store);
                var path = await WriteFileOrStdoutAsync(spec, stdout, (output, token) => exporter.ExportAsync(image, output, _options.TemporaryDirectory, token), cancellationToken)
                    .ConfigureAwait(false);
                return new ExportResult(spec, [], null, null, path);
            }

            case OutputType.Local:
            {
                var path = await ExportLocalAsync(store, image, spec, cancellationToken).ConfigureAwait(false);
                return new ExportResult(spec, [], null, null, path);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(spec), spec.Type, "unknown output type");
        }
    }

    /// <summary>
    /// Checks, before a build starts, that <paramref name="spec"/> can be produced, so that a user does not wait for a
    /// whole build to learn that an output is malformed or that a destination is unusable.
    /// </summary>
    /// <exception cref="OutputException">The output cannot be produced.</exception>
    public static void EnsureSupported(OutputSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Type == OutputType.Image && spec.Push && spec.Names.Count == 0 && spec.Attributes.ContainsKey("name"))
        {
            throw new OutputException(OutputException.InvalidSpecId, $"cannot push \"{spec}\": name= is empty; give the registry name to push to");
        }

        if (spec.Compression == OutputCompression.Estargz)
        {
            throw new OutputException(OutputException.InvalidSpecId, $"compression=estargz is not supported by Kiln: use gzip, zstd or uncompressed (\"{spec}\")");
        }

        var destination = spec.Destination;
        switch (spec.Type)
        {
            case OutputType.Local when destination is null or "" or OutputSpec.StandardOutput:
                throw new OutputException(
                    OutputException.DestinationId,
                    $"the local output needs a directory: use -o type=local,dest=DIR or -o DIR (for a tar of the filesystem on stdout use -o -)");
            case OutputType.Local when Path.GetFullPath(destination) == "/":
                throw new OutputException(OutputException.DestinationId, "refusing to write the image's filesystem over /; give a directory such as ./out");
            case OutputType.Local when File.Exists(destination):
                throw new OutputException(OutputException.DestinationId, $"destination {destination} is a file; the local output writes a directory, so give a directory path");
            case OutputType.Oci or OutputType.Docker when !spec.Tar && destination is null or "" or OutputSpec.StandardOutput:
                throw new OutputException(
                    OutputException.DestinationId,
                    $"tar=false writes an OCI layout directory: give it with dest=DIR (\"{spec}\")");
            case OutputType.Oci or OutputType.Docker or OutputType.Tar when spec.Tar && destination is { Length: > 0 } and not OutputSpec.StandardOutput && Directory.Exists(destination):
                throw new OutputException(
                    OutputException.DestinationId,
                    $"destination file {destination} is a directory; give a file path such as {Path.Combine(destination, "image.tar")}"
                    + (spec.Type == OutputType.Oci ? " (or tar=false for an OCI layout directory)" : string.Empty));
            case OutputType.Oci or OutputType.Docker or OutputType.Tar when destination is "":
                throw new OutputException(OutputException.DestinationId, $"dest= is empty in \"{spec}\"; give a file path or - for stdout");
        }
    }

    /// <summary>
    /// The image with the layer compression the output asks for. Built layers are kept uncompressed in the store (see
    /// <see cref="ImageCompressor"/>); an OCI archive or layout gets gzip unless <c>compression=</c> says otherwise (as
    /// BuildKit's oci exporter), the store and a docker archive keep the layers as they are (as <c>docker save</c>)
    /// unless <c>compression=</c> is given.
    /// </summary>
    private static async Task<StoredImage> CompressForAsync(LocalStore store, StoredImage image, OutputSpec spec, CancellationToken cancellationToken)
    {
        var format = spec.Compression switch
        {
            OutputCompression.Uncompressed => Compression.None,
            OutputCompression.Gzip => Compression.Gzip,
            OutputCompression.Zstd => Compression.Zstd,
            _ when spec.Type == OutputType.Oci => Compression.Gzip,
            _ => (Compression?)null,
        };
        if (format is null || spec.Type is OutputType.Tar or OutputType.Local or OutputType.CacheOnly)
        {
            return image;
        }

        var options = new Kiln.Archives.Compression.CompressionOptions { Format = format.Value, Level = spec.CompressionLevel };
        return await new ImageCompressor(store).CompressAsync(image, options, spec.ForceCompression, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>push=true</c> / <c>type=registry</c> / <c>--push</c> (CLI-OUTPUT-REGISTRY): every name is pushed to its registry,
    /// the layers compressed as <c>compression=</c> says (gzip by default, as docker pushes). Returns the descriptor of
    /// the manifest pushed (the <c>containerimage.digest</c> BuildKit reports for a push).
    /// </summary>
    private async Task<Descriptor> PushAsync(LocalStore store, StoredImage image, IReadOnlyList<ImageReference> names, OutputSpec spec, CancellationToken cancellationToken)
    {
        var client = _options.Registry!;
        var format = spec.Compression switch
        {
            OutputCompression.Uncompressed => Compression.None,
            OutputCompression.Zstd => Compression.Zstd,
            _ => Compression.Gzip,
        };
        var options = new Kiln.Transports.Registry.PushOptions
        {
            Compression = new Kiln.Archives.Compression.CompressionOptions { Format = format, Level = spec.CompressionLevel },
        };
        Descriptor? pushed = null;
        foreach (var name in names)
        {
            try
            {
                var result = await new Kiln.Transports.Registry.RegistryPusher(client, store).PushAsync(image.ManifestDigest.ToString(), name, options, cancellationToken).ConfigureAwait(false);
                pushed = result.Target;
            }
            catch (Exception e) when (e is Kiln.Distribution.Errors.RegistryException or HttpRequestException or IOException)
            {
                throw new OutputException(OutputException.DestinationId, $"pushing {name} failed: {e.Message}");
            }
        }

        return pushed! with { Annotations = DescribeImage(image).Annotations };
    }

    /// <summary>The names an image-carrying output uses: the <c>-t</c> tags when any (buildx replaces <c>name=</c> with them), else <c>name=</c>.</summary>
    public static IReadOnlyList<ImageReference> ResolveNames(IReadOnlyList<ImageReference> tags, OutputSpec spec)
    {
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(spec);
        var names = tags.Count > 0 ? tags : spec.Names;
        return names.DistinctBy(n => n.ToString()).ToList();
    }

    /// <summary>
    /// The manifest descriptor as BuildKit reports it in <c>containerimage.descriptor</c>: annotated with the config digest
    /// and the image's creation time.
    /// </summary>
    public static Descriptor DescribeImage(StoredImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var annotations = new Dictionary<string, string> { [ConfigDigestAnnotation] = image.ImageId.ToString() };
        if (image.Config.Value.Created is { } created)
        {
            annotations[CreatedAnnotation] = created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }

        return image.Manifest.ToDescriptor() with { Annotations = annotations };
    }

    private static ImageReference DanglingName(string prefix, StoredImage image) =>
        ImageReference.TryParse(prefix + "@" + image.ManifestDigest, out var name)
            ? name
            : throw new OutputException(OutputException.InvalidSpecId, $"invalid dangling-name-prefix \"{prefix}\": it must be an image name such as kiln-dangling");

    /// <summary>The manifest descriptor with the image's platform, as a store reference records it.</summary>
    private static Descriptor StoreTarget(StoredImage image)
    {
        var platform = image.Config.Value.Platform;
        return image.Manifest.ToDescriptor() with { Platform = string.IsNullOrEmpty(platform.OS) ? null : platform };
    }

    /// <summary>Runs <paramref name="write"/> into the destination file (atomically) or stdout; returns the file's full path.</summary>
    private static async Task<string?> WriteFileOrStdoutAsync(
        OutputSpec spec,
        Func<Stream> stdout,
        Func<Stream, CancellationToken, Task> write,
        CancellationToken cancellationToken)
    {
        if (spec.WritesToStandardOutput)
        {
            var output = stdout();
            await write(output, cancellationToken).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }

        var path = Path.GetFullPath(spec.Destination!);
        await AtomicFile.WriteAsync(path, write, cancellationToken).ConfigureAwait(false);
        return path;
    }
}
