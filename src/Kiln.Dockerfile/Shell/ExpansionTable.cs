namespace Kiln.Dockerfile.Shell;

/// <summary>
/// Data only: which instruction parts BuildKit expands with <see cref="ShellLexer"/> (DF-VAR-WHERE, DF-VAR-NOT,
/// DF-VAR-FLAGS, DF-VAR-FROM-SCOPE, DF-VAR-WORDSPLIT, DF-HEREDOC-COPY-EXPAND, DF-HEREDOC-RUN-NOEXPAND).
/// Instruction names are case-insensitive; flag names are given without the leading <c>--</c> (a leading
/// <c>--</c> is ignored).
/// </summary>
public static class ExpansionTable
{
    /// <summary>Error when <c>COPY --from</c> contains a variable.</summary>
    public const string CopyFromVariablesMessage =
        "variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround";

    /// <summary>Error when a <c>RUN --mount</c> <c>from=</c> value contains a variable.</summary>
    public const string MountFromVariablesMessage = "'from' doesn't support variable expansion, define alias stage instead";

    /// <summary>Heredoc bodies of COPY/ADD are always expanded with <c>\</c>, whatever <c># escape=</c> says.</summary>
    public const char HeredocEscapeToken = '\\';

    /// <summary>Options for expanding COPY/ADD heredoc bodies: only <c>$</c> and escapes, quotes preserved.</summary>
    public const ShellLexerOptions HeredocOptions = ShellLexerOptions.SkipProcessQuotes;

    private static readonly string[] NoFlags = [];
    private static readonly string[] FromFlags = ["platform"];
    private static readonly string[] CopyFlags = ["chown", "chmod"];
    private static readonly string[] AddFlags = ["chown", "chmod", "checksum"];
    private static readonly string[] RunFlags = ["mount"];

    /// <summary>
    /// How the instruction's arguments are expanded: FROM with global ARGs; ADD, COPY, ENV, EXPOSE, LABEL,
    /// STOPSIGNAL, USER, VOLUME, WORKDIR and ARG (names and defaults) with the stage environment; RUN, CMD,
    /// ENTRYPOINT, SHELL, HEALTHCHECK, MAINTAINER and ONBUILD not at all (an ONBUILD trigger is expanded
    /// as its own instruction when it runs downstream).
    /// </summary>
    public static ExpansionScope ArgumentScope(string instruction) => Normalize(instruction) switch
    {
        "FROM" => ExpansionScope.GlobalArgs,
        "ADD" or "COPY" or "ENV" or "EXPOSE" or "LABEL" or "STOPSIGNAL" or "USER" or "VOLUME" or "WORKDIR" or "ARG"
            => ExpansionScope.Stage,
        _ => ExpansionScope.None,
    };

    /// <summary>True when the builder expands the instruction's arguments.</summary>
    public static bool ExpandsArguments(string instruction) => ArgumentScope(instruction) != ExpansionScope.None;

    /// <summary>True when the expanded arguments are also split into words (EXPOSE).</summary>
    public static bool SplitsWords(string instruction) => Normalize(instruction) == "EXPOSE";

    /// <summary>
    /// The flags whose values are expanded: FROM <c>platform</c> (global ARGs only), COPY <c>chown</c>
    /// <c>chmod</c>, ADD <c>chown</c> <c>chmod</c> <c>checksum</c>, RUN <c>mount</c> (each option value except
    /// <c>from</c>, see <see cref="ExpandsMountOption"/>).
    /// </summary>
    public static IReadOnlyList<string> ExpandedFlags(string instruction) => Normalize(instruction) switch
    {
        "FROM" => FromFlags,
        "COPY" => CopyFlags,
        "ADD" => AddFlags,
        "RUN" => RunFlags,
        _ => NoFlags,
    };

    /// <summary>True when the value of <paramref name="flag"/> on <paramref name="instruction"/> is expanded.</summary>
    public static bool ExpandsFlag(string instruction, string flag)
    {
        var name = NormalizeFlag(flag);
        foreach (var f in ExpandedFlags(instruction))
        {
            if (string.Equals(f, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The scope used to expand flag values (FROM <c>--platform</c>: global ARGs only).</summary>
    public static ExpansionScope FlagScope(string instruction, string flag) =>
        !ExpandsFlag(instruction, flag) ? ExpansionScope.None
        : Normalize(instruction) == "FROM" ? ExpansionScope.GlobalArgs
        : ExpansionScope.Stage;

    /// <summary>
    /// The error to raise when the flag value contains a variable although variables are refused there
    /// (<c>COPY --from</c>), else null.
    /// </summary>
    public static string? VariablesRejectedMessage(string instruction, string flag) =>
        Normalize(instruction) == "COPY" && NormalizeFlag(flag) == "from" ? CopyFromVariablesMessage : null;

    /// <summary>True when a <c>RUN --mount</c> option value is expanded (every key except <c>from</c>).</summary>
    public static bool ExpandsMountOption(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return !string.Equals(key.Trim(), "from", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// True when heredoc bodies of the instruction are expanded at build time when the delimiter is unquoted
    /// (COPY, ADD); RUN heredoc bodies are left to the shell.
    /// </summary>
    public static bool ExpandsHeredocBodies(string instruction) => Normalize(instruction) is "COPY" or "ADD";

    private static string Normalize(string instruction)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        return instruction.Trim().ToUpperInvariant();
    }

    private static string NormalizeFlag(string flag)
    {
        ArgumentNullException.ThrowIfNull(flag);
        var f = flag.Trim();
        return (f.StartsWith("--", StringComparison.Ordinal) ? f[2..] : f).ToLowerInvariant();
    }
}
