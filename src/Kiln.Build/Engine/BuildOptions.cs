using Kiln.Archives.Compression;
using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Planning;

namespace Kiln.Build.Engine;

/// <summary>Everything one <c>kiln build</c> asks the engine for (CLI-*, DF-CACHE-NO-CACHE, CTX-NAMED).</summary>
public sealed record BuildOptions
{
    /// <summary>The Dockerfile text and display name.</summary>
    public required SourceFile Dockerfile { get; init; }

    /// <summary>The Dockerfile's path on disk (for a Dockerfile-specific ignore file), or null (stdin).</summary>
    public string? DockerfilePath { get; init; }

    /// <summary>The build context directory, or null when there is none (<c>-</c> with a Dockerfile on stdin).</summary>
    public string? ContextDirectory { get; init; }

    /// <summary>Build args, target, platforms and named-context names.</summary>
    public required BuildRequest Request { get; init; }

    /// <summary><c>--build-context name=value</c> values by name (a directory, <c>docker-image://</c>, <c>oci-layout://</c>).</summary>
    public IReadOnlyDictionary<string, string> NamedContexts { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary><c>--no-cache</c>: run every step.</summary>
    public bool NoCache { get; init; }

    /// <summary><c>--no-cache-filter</c>: stages (by name, case-insensitive) whose steps always run.</summary>
    public IReadOnlySet<string> NoCacheStages { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary><c>--explain-cache</c>: report why each step missed.</summary>
    public bool ExplainCache { get; init; }

    /// <summary><c>--label</c> values applied to the final image after the Dockerfile's (DF-LABEL-CLI).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary><c>SOURCE_DATE_EPOCH</c>: image and history times, and layer file times clamped to it (DF-PARG-SDE).</summary>
    public long? SourceDateEpoch { get; init; }

    /// <summary>
    /// Compression of the layers the build writes into the store: none by default, as dockerd's own store keeps them.
    /// Outputs and pushes compress what they need once (<c>Kiln.Transports.Conversion.ImageCompressor</c>), so a
    /// rebuild after a one-file edit never gzips a layer nobody ships.
    /// </summary>
    public CompressionOptions Compression { get; init; } = new() { Format = Kiln.Oci.Compression.None };

    /// <summary><c>--secret</c> sources by id (DF-RUN-MOUNT-SECRET); read only when a RUN mounts them.</summary>
    public IReadOnlyDictionary<string, Secrets.SecretSource> Secrets { get; init; } = new Dictionary<string, Secrets.SecretSource>(StringComparer.Ordinal);

    /// <summary><c>--ssh</c> agents and keys by id (DF-RUN-MOUNT-SSH).</summary>
    public IReadOnlyDictionary<string, Ssh.SshSource> Ssh { get; init; } = new Dictionary<string, Ssh.SshSource>(StringComparer.Ordinal);

    /// <summary>The client's environment (for <c>--secret id=X,env=VAR</c>).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary><c>--on-failure=keep</c>: keep a failed RUN's filesystem for <c>kiln debug</c>.</summary>
    public bool KeepOnFailure { get; init; }

    /// <summary><c>--runtime</c>: <c>runc</c> or <c>crun</c> for RUN; null picks the fastest installed.</summary>
    public string? Runtime { get; init; }

    /// <summary><c>--pull</c>: pull every base image even when the store has it (a newer one may have been pushed).</summary>
    public bool Pull { get; init; }

    /// <summary><c>--snapshotter</c>: <c>overlay</c> or <c>copy</c>; null uses overlay where it can be mounted.</summary>
    public string? Snapshotter { get; init; }

    /// <summary><c>--cache-from</c>: caches whose records a local miss may still hit (CLI-CACHE-FROM), first wins.</summary>
    public IReadOnlyList<Cache.Sharing.CacheSpec> CacheFrom { get; init; } = [];

    /// <summary><c>--cache-to</c>: where the build's cache is exported once the image is built (CLI-CACHE-TO).</summary>
    public IReadOnlyList<Cache.Sharing.CacheSpec> CacheTo { get; init; } = [];

    /// <summary>OCI media types (default) or Docker's.</summary>
    public bool OciMediaTypes { get; init; } = true;
}
