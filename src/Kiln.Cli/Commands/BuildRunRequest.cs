using Kiln.Build.Engine;
using Kiln.Build.Outputs;
using Kiln.Cli.Rendering.Progress;
using Kiln.Oci;
using Kiln.Storage;

namespace Kiln.Cli.Commands;

/// <summary>A parsed <c>kiln build</c> that will really build: engine options plus what to do with the image.</summary>
internal sealed record BuildRunRequest
{
    public required BuildOptions Options { get; init; }

    public required Func<CancellationToken, Task<LocalStore>> OpenStore { get; init; }

    public IReadOnlyList<ImageReference> Tags { get; init; } = [];

    public IReadOnlyList<OutputSpec> Outputs { get; init; } = [];

    public string? IidFile { get; init; }

    public string? MetadataFile { get; init; }

    public bool Quiet { get; init; }

    public ProgressMode Progress { get; init; }

    public bool ErrorIsTerminal { get; init; }

    public required Func<Stream> OpenStdout { get; init; }

    /// <summary>The registry client's cache storage for <c>--cache-from/--cache-to type=registry</c>; null until Kiln.Distribution provides one.</summary>
    public Kiln.Build.Cache.Sharing.IRegistryCacheStorageFactory? RegistryCache { get; init; }

    /// <summary>
    /// Opens the registry client the build pulls bases, pushes and reads or writes registry caches through; null keeps
    /// the build to the store.
    /// </summary>
    public Func<CancellationToken, Task<Kiln.Distribution.RegistryClient>>? OpenRegistry { get; init; }
}
