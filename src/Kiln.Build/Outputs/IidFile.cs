using System.Text;
using Kiln.Oci;

namespace Kiln.Build.Outputs;

/// <summary>
/// <c>--iidfile FILE</c> (CLI-IIDFILE): the image ID (the config digest, <c>sha256:…</c>) without a trailing newline, as
/// docker and buildx write it; written atomically.
/// </summary>
public static class IidFile
{
    /// <summary>Writes <paramref name="imageId"/> to <paramref name="path"/> (parent directories are created).</summary>
    /// <exception cref="OutputException"><paramref name="path"/> is a directory or cannot be written.</exception>
    public static Task WriteAsync(string path, Digest imageId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (imageId.IsEmpty)
        {
            throw new ArgumentException("the image ID is empty", nameof(imageId));
        }

        return AtomicFile.WriteAsync(path, Encoding.ASCII.GetBytes(imageId.ToString()), cancellationToken);
    }

    /// <summary>
    /// buildx refuses <c>--iidfile</c> together with a local or tar output, which produces no image ID (<c>local and tar
    /// exporters are incompatible with image ID file</c>).
    /// </summary>
    /// <exception cref="OutputException">An output is <c>local</c> or <c>tar</c>.</exception>
    public static void EnsureCompatible(IReadOnlyList<OutputSpec> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.Any(o => o.Type is OutputType.Local or OutputType.Tar))
        {
            throw new OutputException(
                OutputException.InvalidSpecId,
                "--iidfile cannot be used with local or tar outputs, which produce a filesystem and no image ID; drop --iidfile or use type=image, docker or oci");
        }
    }
}
