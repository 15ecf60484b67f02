namespace Kiln.Cli.Rendering.Progress;

/// <summary>Settings shared by the progress renderers; the defaults are what <c>kiln build</c> uses.</summary>
internal sealed record ProgressRendererOptions
{
    /// <summary>The renderer's clock (refresh ticks, elapsed time of running steps).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Print each warning's detail lines and link in the summary (buildx does with <c>--debug</c>).</summary>
    public bool ExpandWarnings { get; init; }

    /// <summary>
    /// Plain mode: how long a running step keeps the output while another step has something to print, before the
    /// renderer switches to that step (BuildKit's anti-flicker delay).
    /// </summary>
    public TimeSpan StepSwitchDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Terminal mode: the time between redraws (BuildKit redraws at most every 100 ms).</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Terminal mode: how many recent log lines are shown under each running step (fewer on a short terminal).</summary>
    public int LogTailLines { get; init; } = 6;
}
