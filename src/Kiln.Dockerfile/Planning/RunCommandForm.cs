namespace Kiln.Dockerfile.Planning;

/// <summary>How a RUN command becomes an argv (DF-RUN-SHELL, DF-RUN-EXEC, DF-HEREDOC-RUN-*).</summary>
public enum RunCommandForm
{
    /// <summary>JSON form: the argv as written.</summary>
    Exec,

    /// <summary>Shell form: the text wrapped with the current SHELL.</summary>
    Shell,

    /// <summary><c>RUN &lt;&lt;EOF</c> alone: the body run by the shell as one script.</summary>
    HeredocScript,

    /// <summary><c>RUN &lt;&lt;EOF</c> whose body starts with <c>#!</c>: the body is an executable file under <c>/dev/pipes/</c>.</summary>
    HeredocShebang,

    /// <summary>Any other line with heredocs: the line, bodies and terminators are a real shell heredoc script.</summary>
    HeredocShell,
}
