using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Kiln.Oci.Json;

namespace Kiln.Build.Outputs;

/// <summary>
/// <c>--metadata-file FILE</c> (CLI-METADATA-FILE): the build result as a JSON object with buildx's keys, indented with two
/// spaces and escaped as Go's <c>json.MarshalIndent</c> writes it, without a trailing newline; written atomically.
/// </summary>
public static class MetadataFile
{
    /// <summary>Writes <paramref name="metadata"/> to <paramref name="path"/> (parent directories are created).</summary>
    /// <exception cref="OutputException"><paramref name="path"/> is a directory or cannot be written.</exception>
    public static Task WriteAsync(string path, BuildMetadata metadata, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(metadata);
        return AtomicFile.WriteAsync(path, Serialize(metadata), cancellationToken);
    }

    /// <summary>The file's bytes.</summary>
    public static byte[] Serialize(BuildMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var descriptor = metadata.ImageDescriptor;
        var document = new MetadataDocument
        {
            BuildRef = metadata.BuildRef,
            ConfigDigest = metadata.ConfigDigest?.ToString(),
            Descriptor = descriptor is null
                ? null
                : new MetadataDescriptorDocument
                {
                    Annotations = descriptor.Annotations is { } annotations ? new SortedDictionary<string, string>(annotations.ToDictionary(), StringComparer.Ordinal) : null,
                    Digest = descriptor.Digest.ToString(),
                    MediaType = descriptor.MediaType,
                    Size = descriptor.Size,
                },
            ImageDigest = metadata.ImageDigest?.ToString(),
            ImageName = metadata.Names.Count == 0 ? null : string.Join(',', metadata.Names.Select(n => n.ToString())),
        };

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            JsonSerializer.Serialize(writer, document, OutputsJsonContext.Default.MetadataDocument);
        }

        return GoJsonEscaping.Rewrite(buffer.WrittenSpan);
    }
}
