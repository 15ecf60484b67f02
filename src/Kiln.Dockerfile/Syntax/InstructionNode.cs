using Kiln.Dockerfile.Diagnostics;

namespace Kiln.Dockerfile.Syntax;

/// <summary>
/// One instruction of the raw syntax tree: the keyword as written, the leading <c>--flags</c> and the
/// argument list, before any validation or variable expansion (BuildKit's parser node). The shape of
/// <see cref="Arguments"/> per instruction follows <c>conformance/buildkit/README.md</c> §1.2:
/// ENV/LABEL hold flattened (key, value, separator) triples; ONBUILD holds none and sets <see cref="Next"/>.
/// </summary>
public sealed record InstructionNode
{
    /// <summary>The keyword exactly as written (<c>Run</c>, <c>COPY</c>).</summary>
    public required string Keyword { get; init; }

    /// <summary>The keyword lower-cased (ASCII): <c>run</c>, <c>copy</c>.</summary>
    public string Name => Keyword.ToLowerInvariant();

    /// <summary>The flag words (<c>--mount=type=cache,target=/x</c>) with quotes and escapes processed.</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    /// <summary>The arguments in order (JSON-decoded in exec form; see the type summary for ENV/LABEL).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>True when the arguments came from a JSON array (exec form).</summary>
    public bool IsJsonForm { get; init; }

    /// <summary>The nested instruction of an <c>ONBUILD</c>, else null.</summary>
    public InstructionNode? Next { get; init; }

    /// <summary>Here-documents read after this instruction's line, in order.</summary>
    public IReadOnlyList<Heredoc> Heredocs { get; init; } = [];

    /// <summary>The logical line after joining continuations (keyword included), without heredoc bodies.</summary>
    public required string Original { get; init; }

    /// <summary>The physical lines this instruction spans: start = keyword line, end = last line consumed (heredocs included).</summary>
    public required SourceRange Range { get; init; }

    /// <summary>The comment lines (text after <c>#</c>, trimmed) directly above the instruction, nearest last.</summary>
    public IReadOnlyList<string> PrecedingComments { get; init; } = [];
}
