using Kiln.Build.Context;
using Kiln.Dockerfile.Diagnostics;

namespace Kiln.Cli.Commands;

/// <summary>The Dockerfile text and where it came from, as the frontend commands read it.</summary>
internal sealed record FrontendInput(SourceFile Source, DockerfileLocation Location)
{
    /// <summary>
    /// Reads the Dockerfile for <paramref name="path"/> (a context directory or a Dockerfile) and an optional
    /// <c>-f</c> value (<c>-</c> reads standard input).
    /// </summary>
    public static async Task<FrontendInput> ReadAsync(string path, string? file, TextReader stdin, CancellationToken cancellationToken)
    {
        DockerfileLocation location;
        if (file is null && File.Exists(path))
        {
            var full = Path.GetFullPath(path);
            location = new DockerfileLocation(full, path, Path.GetDirectoryName(full)!);
        }
        else
        {
            location = DockerfileLocator.Locate(path, file);
        }

        var text = location.FilePath is null
            ? await stdin.ReadToEndAsync(cancellationToken).ConfigureAwait(false)
            : await File.ReadAllTextAsync(location.FilePath, cancellationToken).ConfigureAwait(false);
        return new FrontendInput(new SourceFile(location.DisplayName, text), location);
    }
}
