namespace Kiln.Cli.Rendering.Progress;

/// <summary>How build progress is shown (CLI-PROGRESS): BuildKit's <c>--progress</c> modes.</summary>
internal enum ProgressMode
{
    /// <summary><see cref="Tty"/> when stderr is a terminal, else <see cref="Plain"/>.</summary>
    Auto,

    /// <summary>A live view redrawn in place (needs a terminal).</summary>
    Tty,

    /// <summary>BuildKit's plain text: <c>#N</c> blocks, every log line, suited to files and CI.</summary>
    Plain,

    /// <summary>Nothing but the logs of failed steps.</summary>
    Quiet,

    /// <summary>One JSON object per event and line (docs/progress-rawjson.md).</summary>
    RawJson,
}
