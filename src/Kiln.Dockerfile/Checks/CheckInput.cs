using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Instructions;
using Kiln.Dockerfile.Syntax;
using Kiln.Oci;

namespace Kiln.Dockerfile.Checks;

/// <summary>Everything <see cref="BuildChecker"/> looks at (LINT-*): the parsed Dockerfile and what the build knows about it.</summary>
public sealed record CheckInput
{
    /// <summary>The parsed Dockerfile (directives, comments, parser warnings).</summary>
    public required DockerfileSyntax Syntax { get; init; }

    /// <summary>The typed instructions of <see cref="Syntax"/>, in file order.</summary>
    public required IReadOnlyList<Instruction> Instructions { get; init; }

    /// <summary>The <c>--build-arg</c> values (also the source of <c>BUILDKIT_DOCKERFILE_CHECK</c>), or null.</summary>
    public IReadOnlyDictionary<string, string>? BuildArgs { get; init; }

    /// <summary>The build context's <c>.dockerignore</c>, for CopyIgnoredFile; null when there is none.</summary>
    public IContextIgnoreProbe? IgnoreProbe { get; init; }

    /// <summary>Findings produced elsewhere (UndefinedVar, InvalidBaseImagePlatform); the configuration is applied to them.</summary>
    public IReadOnlyList<Diagnostic> ExternalFindings { get; init; } = [];

    /// <summary>The target platform (TARGETPLATFORM and friends); null = <see cref="BuildPlatform"/>.</summary>
    public Platform? TargetPlatform { get; init; }

    /// <summary>The build platform (BUILDPLATFORM and friends); null = the host.</summary>
    public Platform? BuildPlatform { get; init; }

    /// <summary>The target stage (TARGETSTAGE); null = the last stage.</summary>
    public string? Target { get; init; }
}
