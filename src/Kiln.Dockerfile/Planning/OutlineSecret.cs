using Kiln.Dockerfile.Diagnostics;

namespace Kiln.Dockerfile.Planning;

/// <summary>A secret (<c>--mount=type=secret</c>) or SSH agent (<c>type=ssh</c>) id the target uses (CALL-OUTLINE).</summary>
/// <param name="Id">The secret or ssh id.</param>
/// <param name="Required">True when a missing one fails the build.</param>
/// <param name="Location">The first RUN using it.</param>
public sealed record OutlineSecret(string Id, bool Required, SourceRange Location);
