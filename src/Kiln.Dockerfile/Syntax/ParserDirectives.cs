using Kiln.Dockerfile.Diagnostics;

namespace Kiln.Dockerfile.Syntax;

/// <summary>
/// The parser directives read from the Dockerfile header (DF-DIR-*): <c># syntax=</c>, <c># escape=</c>,
/// <c># check=</c>. Null when the directive was not given.
/// </summary>
public sealed record ParserDirectives
{
    /// <summary>The escape / continuation character: <c>\</c> (default) or a backtick.</summary>
    public char EscapeToken { get; init; } = '\\';

    /// <summary>The <c>syntax</c> value (image ref and optional cmdline), or null.</summary>
    public string? Syntax { get; init; }

    /// <summary>The raw <c>check</c> value (<c>skip=A,B;error=true</c>), or null.</summary>
    public string? Check { get; init; }

    /// <summary>Where the <c>check</c> directive is, for errors in its value.</summary>
    public SourceRange? CheckRange { get; init; }
}
