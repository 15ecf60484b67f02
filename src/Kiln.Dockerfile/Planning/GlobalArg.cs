using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Instructions;

namespace Kiln.Dockerfile.Planning;

/// <summary>
/// A global (pre-FROM) ARG after evaluation (DF-ARG-GLOBAL, DF-ARG-VALUE, DF-ARG-GLOBAL-DEPS, DF-ARG-DOC).
/// </summary>
/// <param name="Name">The name.</param>
/// <param name="Value">The value (<c>--build-arg</c> or expanded default), or null when unset.</param>
/// <param name="Default">The default as written, or null.</param>
/// <param name="Description">The <c># NAME description</c> comment text, or empty.</param>
/// <param name="Instruction">The declaring ARG.</param>
/// <param name="Dependencies">Other global ARGs the default refers to.</param>
public sealed record GlobalArg(string Name, string? Value, string? Default, string Description, ArgInstruction Instruction, IReadOnlySet<string> Dependencies)
{
    /// <summary>Where it is declared.</summary>
    public SourceRange Range => Instruction.Range;
}
