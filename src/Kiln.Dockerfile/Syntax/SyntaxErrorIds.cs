namespace Kiln.Dockerfile.Syntax;

/// <summary>
/// The stable error ids (KILN1001-KILN1099) reported by the Dockerfile parser (DF-LEX-*, DF-DIR-*, DF-HEREDOC-*).
/// </summary>
internal static class SyntaxErrorIds
{
    /// <summary>Zero-byte Dockerfile (DF-LEX-NO-INSTR).</summary>
    public const string EmptyFile = "KILN1001";

    /// <summary>Only comments / blank lines (DF-LEX-NO-INSTR).</summary>
    public const string NoInstructions = "KILN1002";

    /// <summary>A physical line longer than 65535 bytes (DF-LEX-MAXLINE).</summary>
    public const string LineTooLong = "KILN1003";

    /// <summary>A parser directive given twice (DF-DIR-ONCE).</summary>
    public const string DuplicateDirective = "KILN1004";

    /// <summary>An escape directive other than <c>\</c> or a backtick (DF-DIR-ESCAPE).</summary>
    public const string InvalidEscape = "KILN1005";

    /// <summary>Legacy <c>ENV name</c> / <c>LABEL name</c> without a value.</summary>
    public const string MissingValue = "KILN1006";

    /// <summary>A key=value word without <c>=</c> in ENV/LABEL.</summary>
    public const string MissingEquals = "KILN1007";

    /// <summary>Valid JSON exec form whose elements are not all strings (DF-LEX-EXEC-FORM).</summary>
    public const string NotStringArray = "KILN1008";

    /// <summary>A here-document without its terminator line (DF-HEREDOC-UNTERMINATED).</summary>
    public const string UnterminatedHeredoc = "KILN1009";

    /// <summary>A here-document delimiter word with an unbalanced quote.</summary>
    public const string HeredocQuote = "KILN1010";
}
