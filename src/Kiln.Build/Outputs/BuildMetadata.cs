using System.Security.Cryptography;
using Kiln.Oci;

namespace Kiln.Build.Outputs;

/// <summary>
/// The result of a build as <c>--metadata-file</c> records it (CLI-METADATA-FILE), with buildx's keys:
/// <c>buildx.build.ref</c>, <c>containerimage.config.digest</c>, <c>containerimage.descriptor</c>,
/// <c>containerimage.digest</c> and <c>image.name</c>. The image keys are absent when no output carried an image
/// (only local/tar/cacheonly), as with buildx.
/// </summary>
public sealed record BuildMetadata
{
    /// <summary><c>buildx.build.ref</c>: identifies the build (buildx writes <c>builder/node/id</c>).</summary>
    public string? BuildRef { get; init; }

    /// <summary><c>containerimage.digest</c>: the manifest digest.</summary>
    public Digest? ImageDigest { get; init; }

    /// <summary><c>containerimage.config.digest</c>: the image ID.</summary>
    public Digest? ConfigDigest { get; init; }

    /// <summary><c>containerimage.descriptor</c>: media type, digest, size and annotations of the manifest.</summary>
    public Descriptor? ImageDescriptor { get; init; }

    /// <summary><c>image.name</c>: written comma-joined with full names (<c>docker.io/library/app:1.0</c>).</summary>
    public IReadOnlyList<ImageReference> Names { get; init; } = [];

    /// <summary>
    /// The metadata of a build whose outputs gave <paramref name="results"/>: the image of the first output that carried
    /// one, and the names of all of them.
    /// </summary>
    public static BuildMetadata FromResults(IEnumerable<ExportResult> results, string? buildRef)
    {
        ArgumentNullException.ThrowIfNull(results);
        var list = results.ToList();
        var withImage = list.FirstOrDefault(r => r.Image is not null);
        return new BuildMetadata
        {
            BuildRef = buildRef,
            ImageDigest = withImage?.Image?.Digest,
            ConfigDigest = withImage?.ConfigDigest,
            ImageDescriptor = withImage?.Image,
            Names = list.Where(r => r.Image is not null).SelectMany(r => r.Names).DistinctBy(n => n.ToString()).ToList(),
        };
    }

    /// <summary>A new build reference, <c>kiln/local/&lt;25 base-36 characters&gt;</c> (the shape of buildx's <c>builder/node/id</c>).</summary>
    public static string CreateBuildRef()
    {
        const string alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
        return "kiln/local/" + RandomNumberGenerator.GetString(alphabet, 25);
    }
}
