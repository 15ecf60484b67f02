using Kiln.Oci;

namespace Kiln.Dockerfile.Planning;

/// <summary>
/// What the user asked for: <c>--build-arg</c> values, <c>--target</c>, the target and build platforms and
/// the names of <c>--build-context</c> contexts (CLI-BUILD-ARG, DF-STAGE-TARGET, DF-PARG-*, CTX-NAMED-USE).
/// </summary>
public sealed record BuildRequest
{
    /// <summary>The <c>--build-arg</c> values as given (names are case-sensitive).</summary>
    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The <c>--target</c> stage name, or null for the last stage.</summary>
    public string? Target { get; init; }

    /// <summary>The platform of the build result (default: the host).</summary>
    public Platform TargetPlatform { get; init; } = Platform.Host();

    /// <summary>The platform of the machine running the build (default: the host).</summary>
    public Platform BuildPlatform { get; init; } = Platform.Host();

    /// <summary>The <c>--build-context</c> names; matched like image references (<c>alpine</c> ≡ <c>docker.io/library/alpine:latest</c>).</summary>
    public IReadOnlySet<string> NamedContexts { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
