using Kiln.Dockerfile.Diagnostics;

namespace Kiln.Dockerfile.Syntax;

/// <summary>
/// The result of parsing a Dockerfile: its directives, its instructions in file order, and the
/// parser warnings (empty continuation lines). <see cref="Range"/> spans the first to last instruction line.
/// </summary>
public sealed record DockerfileSyntax
{
    public required SourceFile Source { get; init; }

    public required ParserDirectives Directives { get; init; }

    public required IReadOnlyList<InstructionNode> Instructions { get; init; }

    public IReadOnlyList<Diagnostic> Warnings { get; init; } = [];

    public required SourceRange Range { get; init; }
}
