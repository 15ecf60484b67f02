using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Syntax;

namespace Kiln.Dockerfile.Instructions;

/// <summary>
/// A typed, validated Dockerfile instruction (section 5 of features.md), built from an
/// <see cref="InstructionNode"/> by <see cref="InstructionParser"/>. Values are raw (not variable-expanded);
/// instructions whose parts BuildKit expands offer an <c>Expand(IWordExpander)</c> copy (DF-VAR-WHERE).
/// </summary>
public abstract record Instruction
{
    /// <summary>The syntax node this instruction came from.</summary>
    public required InstructionNode Node { get; init; }

    /// <summary>The file path shown in diagnostics, or null.</summary>
    public string? FilePath { get; init; }

    /// <summary>Where the keyword is (for errors about the whole instruction).</summary>
    public required SourceRange KeywordRange { get; init; }

    /// <summary>The keyword as written (<c>Run</c>).</summary>
    public string Keyword => Node.Keyword;

    /// <summary>The canonical upper-case instruction name (<c>RUN</c>).</summary>
    public string Name => Node.Keyword.ToUpperInvariant();

    /// <summary>The lines the instruction spans.</summary>
    public SourceRange Range => Node.Range;

    /// <summary>Builds an error pointing at this instruction's keyword.</summary>
    protected DockerfileException Error(string id, string message, string? suggestion = null) =>
        new(id, message, FilePath, KeywordRange, suggestion);
}
