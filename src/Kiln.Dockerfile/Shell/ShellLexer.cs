namespace Kiln.Dockerfile.Shell;

/// <summary>
/// BuildKit's "shell lexer" for Dockerfile variable substitution (DF-VAR-*, DF-HEREDOC-COPY-EXPAND; semantics
/// pinned by the conformance vectors, README §5-7): processes quotes and escapes and expands <c>$name</c>,
/// <c>${name}</c> and <c>${name op word}</c> for the operators <c>:- - :+ + :? ? # ## % %% / //</c>.
/// Immutable and thread-safe; every call works on its own state.
/// </summary>
public sealed class ShellLexer
{
    /// <summary>Creates a lexer with the Dockerfile escape token (<c>\</c> or backtick) and options.</summary>
    public ShellLexer(char escapeToken = '\\', ShellLexerOptions options = ShellLexerOptions.None)
    {
        if (escapeToken is not ('\\' or '`'))
        {
            throw new ArgumentOutOfRangeException(nameof(escapeToken), escapeToken, "the escape token must be '\\' or '`'");
        }

        EscapeToken = escapeToken;
        Options = options;
    }

    /// <summary>The escape character (from the <c># escape=</c> directive).</summary>
    public char EscapeToken { get; }

    /// <summary>The processing options.</summary>
    public ShellLexerOptions Options { get; }

    /// <summary>Processes <paramref name="word"/> into one string (no word splitting).</summary>
    /// <exception cref="ShellExpansionException">The word is malformed or a <c>${v?msg}</c> check failed.</exception>
    public ShellWordResult ProcessWord(string word, IVariableLookup env)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(env);
        var processor = new ShellWordProcessor(word, EscapeToken, Options, env);
        var value = processor.Run(null);
        return new ShellWordResult(value, processor.Matched, processor.Unmatched);
    }

    /// <summary>
    /// Processes <paramref name="word"/> and splits the result on unquoted whitespace, including whitespace
    /// produced by unquoted expansions (DF-VAR-WORDSPLIT).
    /// </summary>
    /// <exception cref="ShellExpansionException">The word is malformed or a <c>${v?msg}</c> check failed.</exception>
    public ShellWordsResult ProcessWords(string word, IVariableLookup env)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(env);
        var processor = new ShellWordProcessor(word, EscapeToken, Options, env);
        var splitter = new WordSplitter();
        processor.Run(splitter);
        return new ShellWordsResult(splitter.Finish(), processor.Matched, processor.Unmatched);
    }
}
