using Kiln.Dockerfile.Instructions;

namespace Kiln.Dockerfile.Planning;

/// <summary>
/// Everything the executor needs for one RUN (DF-RUN-*, DF-ARG-RUN-ENV, DF-PARG-PROXY, DF-HEREDOC-RUN-*):
/// the argv, the process environment, the proxy variables passed outside the cache key, the mounts, the working
/// directory, the user and the network/security modes.
/// </summary>
public sealed record RunStep
{
    public required RunCommandForm Form { get; init; }

    /// <summary>The process argv (shell form already wrapped with the SHELL).</summary>
    public required IReadOnlyList<string> Argv { get; init; }

    /// <summary>The process environment (<c>NAME=VALUE</c>): image ENV and ARGs with values, in order.</summary>
    public required IReadOnlyList<string> Environment { get; init; }

    /// <summary>Proxy <c>--build-arg</c>s (<c>HTTP_PROXY</c> …, canonical upper-case names), passed without being ARGs.</summary>
    public required IReadOnlyDictionary<string, string> ProxyEnvironment { get; init; }

    public required IReadOnlyList<RunMount> Mounts { get; init; }

    public required string WorkingDirectory { get; init; }

    public string? User { get; init; }

    public RunNetwork Network { get; init; }

    public RunSecurity Security { get; init; }

    /// <summary>The executable heredoc file for <see cref="RunCommandForm.HeredocShebang"/>, else null.</summary>
    public InlineScript? Script { get; init; }
}
