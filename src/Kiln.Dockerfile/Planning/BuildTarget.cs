using Kiln.Dockerfile.Diagnostics;

namespace Kiln.Dockerfile.Planning;

/// <summary>One entry of <c>--call=targets</c> (CALL-TARGETS, DF-STAGE-DOC).</summary>
/// <param name="Name">The stage name, or empty for an unnamed stage.</param>
/// <param name="Description">The <c># name description</c> comment text, or empty.</param>
/// <param name="IsDefault">True for the last stage (built without <c>--target</c>).</param>
/// <param name="Base">The FROM base as written (not expanded).</param>
/// <param name="Platform">The FROM <c>--platform</c> as written, or null.</param>
/// <param name="Location">The FROM lines.</param>
public sealed record BuildTarget(string Name, string Description, bool IsDefault, string Base, string? Platform, SourceRange Location);
