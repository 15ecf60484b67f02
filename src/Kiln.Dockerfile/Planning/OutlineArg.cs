using Kiln.Dockerfile.Diagnostics;

namespace Kiln.Dockerfile.Planning;

/// <summary>A build argument the target uses (CALL-OUTLINE, DF-ARG-DOC).</summary>
/// <param name="Name">The name.</param>
/// <param name="Value">The value it gets (default or <c>--build-arg</c>), or null.</param>
/// <param name="Description">The <c># NAME description</c> comment text, or empty.</param>
/// <param name="Location">The declaring ARG.</param>
public sealed record OutlineArg(string Name, string? Value, string Description, SourceRange Location);
