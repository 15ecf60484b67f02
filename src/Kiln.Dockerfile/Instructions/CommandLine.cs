using Kiln.Dockerfile.Syntax;

namespace Kiln.Dockerfile.Instructions;

/// <summary>
/// The command of RUN, CMD, ENTRYPOINT or HEALTHCHECK CMD (DF-LEX-EXEC-FORM, DF-LEX-SHELL-FORM):
/// either shell form (one string, later wrapped with SHELL) or exec form (an argv), plus heredocs.
/// Never variable-expanded by the builder (DF-VAR-NOT).
/// </summary>
/// <param name="IsShellForm">True for shell form, false for a JSON array.</param>
/// <param name="Arguments">Exec form: the argv; shell form: the single command string (empty when none).</param>
/// <param name="Heredocs">Heredocs attached to the command (RUN only).</param>
public sealed record CommandLine(bool IsShellForm, IReadOnlyList<string> Arguments, IReadOnlyList<Heredoc> Heredocs)
{
    /// <summary>The shell-form text, or null in exec form.</summary>
    public string? ShellText => IsShellForm ? string.Join(' ', Arguments) : null;

    /// <summary>True when there is no command at all (<c>ENTRYPOINT []</c>, <c>CMD</c>).</summary>
    public bool IsEmpty => Arguments.Count == 0;

    internal static CommandLine FromNode(InstructionNode node, IReadOnlyList<string> arguments, bool includeHeredocs) =>
        new(!node.IsJsonForm, arguments, includeHeredocs && !node.IsJsonForm ? node.Heredocs : []);
}
