using Spectre.Console;

namespace Kiln.Cli.Rendering.Progress;

/// <summary>Creates the renderer for a <see cref="ProgressMode"/> (CLI-PROGRESS), resolving <see cref="ProgressMode.Auto"/> as BuildKit does.</summary>
internal static class ProgressRendererFactory
{
    /// <summary>
    /// The renderer writing to <paramref name="stderr"/>. <see cref="ProgressMode.Auto"/> is <see cref="ProgressMode.Tty"/>
    /// when <paramref name="stderrIsTerminal"/>, else <see cref="ProgressMode.Plain"/>; an explicit
    /// <see cref="ProgressMode.Tty"/> without a terminal is an <see cref="ArgumentException"/>, as in BuildKit.
    /// </summary>
    public static IProgressRenderer Create(ProgressMode mode, TextWriter stderr, bool stderrIsTerminal, ProgressRendererOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        options ??= new ProgressRendererOptions();
        return Resolve(mode, stderrIsTerminal) switch
        {
            ProgressMode.Tty => new TtyProgressRenderer(CreateConsole(stderr), options),
            ProgressMode.Plain => new PlainProgressRenderer(stderr, options),
            ProgressMode.Quiet => new QuietProgressRenderer(stderr, options),
            ProgressMode.RawJson => new RawJsonProgressRenderer(stderr, options),
            var other => throw new ArgumentOutOfRangeException(nameof(mode), other, null),
        };
    }

    /// <summary>The mode actually used: <see cref="ProgressMode.Auto"/> resolved, <see cref="ProgressMode.Tty"/> checked.</summary>
    public static ProgressMode Resolve(ProgressMode mode, bool stderrIsTerminal) => mode switch
    {
        ProgressMode.Auto => stderrIsTerminal ? ProgressMode.Tty : ProgressMode.Plain,
        ProgressMode.Tty when !stderrIsTerminal => throw new ArgumentException(
            "--progress=tty needs a terminal, but stderr is not one (redirected to a file or a pipe); use --progress=plain or --progress=auto"),
        _ => mode,
    };

    private static IAnsiConsole CreateConsole(TextWriter stderr) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.Yes,
        ColorSystem = ColorSystemSupport.Detect,
        Interactive = InteractionSupport.Yes,
        Out = new AnsiConsoleOutput(stderr),
    });
}
