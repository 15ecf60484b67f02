namespace Kiln.Dockerfile.Shell;

/// <summary>Processing switches for <see cref="ShellLexer"/> (BuildKit shell-lexer options, DF-VAR).</summary>
[Flags]
public enum ShellLexerOptions
{
    /// <summary>Defaults: quotes processed and removed, escapes consumed, unset variables expand to "".</summary>
    None = 0,

    /// <summary>Keep quote characters in the output (they still group and protect text).</summary>
    RawQuotes = 1,

    /// <summary>Keep escape characters in the output (they still protect the next character).</summary>
    RawEscapes = 2,

    /// <summary>Leave references to unset variables as written (<c>$X</c>, <c>${X}</c>, <c>${X:-w}</c>).</summary>
    SkipUnsetEnv = 4,

    /// <summary>
    /// Quotes are ordinary characters: only <c>$</c> and escapes are processed (COPY/ADD heredoc bodies,
    /// DF-HEREDOC-COPY-EXPAND).
    /// </summary>
    SkipProcessQuotes = 8,
}
