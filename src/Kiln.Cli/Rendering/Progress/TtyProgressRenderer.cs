using Kiln.Build.Progress;
using Spectre.Console;

namespace Kiln.Cli.Rendering.Progress;

/// <summary>
/// <c>--progress=tty</c> (CLI-PROGRESS): BuildKit's live terminal view drawn with Spectre.Console. A header
/// (<c>[+] Building 3.2s (5/8)</c>) and one row per step (<c> => [build 2/4] COPY a /a   0.3s</c>,
/// <c> => CACHED [...]</c>, <c> => ERROR [...]</c>), running steps with a spinner and their elapsed time, their
/// status items and, when the terminal is tall enough, their last few log lines under them. Redrawn every
/// <see cref="ProgressRendererOptions.RefreshInterval"/> (10 times a second) from a snapshot; events only update
/// state. On a short terminal finished steps leave the view first; on a narrow one the times go and names are cut.
/// At the end the view is replaced by a static print of every step, then the whole log of each failed step
/// (never clipped) and the warnings summary.
/// </summary>
internal sealed class TtyProgressRenderer : IProgressRenderer
{
    private static readonly string[] UnicodeSpinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
    private static readonly string[] AsciiSpinner = ["|", "/", "-", "\\"];

    private static readonly Style RunningStyle = Style.Plain;
    private static readonly Style DoneStyle = new(Color.Blue);
    private static readonly Style ErrorStyle = new(Color.Red);
    private static readonly Style CanceledStyle = new(Color.Yellow);
    private static readonly Style LogStyle = new(decoration: Decoration.Dim);

    private readonly IAnsiConsole console;
    private readonly ProgressRendererOptions options;
    private readonly TimeProvider timeProvider;
    private readonly Lock state = new();
    private readonly EventClock clock = new();
    private readonly Dictionary<int, TtyStep> byId = [];
    private readonly List<TtyStep> steps = [];
    private readonly List<BuildWarning> warnings = [];
    private readonly TaskCompletionSource stopping = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task drawing;
    private readonly bool unicode;
    private BuildFinished? finished;
    private bool closed;
    private Task? completed;

    public TtyProgressRenderer(IAnsiConsole console, ProgressRendererOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        this.console = console;
        this.options = options ?? new ProgressRendererOptions();
        timeProvider = this.options.TimeProvider;
        unicode = console.Profile.Capabilities.Unicode;
        drawing = Task.Run(DrawAsync);
    }

    public void Report(BuildEvent buildEvent)
    {
        ArgumentNullException.ThrowIfNull(buildEvent);
        var receivedAt = timeProvider.GetUtcNow();
        lock (state)
        {
            if (closed)
            {
                return;
            }

            clock.Observe(buildEvent.Time, receivedAt);
            Apply(buildEvent);
        }
    }

    public Task CompleteAsync()
    {
        lock (state)
        {
            closed = true;
            return completed ??= FinishAsync();
        }
    }

    public async ValueTask DisposeAsync() => await CompleteAsync().ConfigureAwait(false);

    /// <summary>The view as it would be drawn now (<paramref name="final"/>: the static print at the end).</summary>
    public TtyFrame Snapshot(bool final)
    {
        lock (state)
        {
            return Frame(clock.Now(timeProvider.GetUtcNow()), final);
        }
    }

    private void Apply(BuildEvent buildEvent)
    {
        switch (buildEvent)
        {
            case StepStarted started:
                var step = Step(started.Id, started.Time);
                step.Name = started.Name;
                step.Start = started.Time;
                step.Transcript.Start = started.Time;
                break;
            case StepLog log:
                Step(log.Id, log.Time).Transcript.Append(log);
                break;
            case StepStatus report:
                var status = Step(report.Id, report.Time).Status(report.Item, report.Time);
                status.Last = report.Time;
                status.Current = report.Current;
                status.Total = report.Total;
                status.Completed |= report.Completed;
                break;
            case CacheExplanation explanation:
                Step(explanation.Id, explanation.Time).CacheReasons.AddRange(explanation.Reasons);
                break;
            case StepCompleted done:
                var ended = Step(done.Id, done.Time);
                ended.Completion = done;
                ended.Transcript.Flush();
                if (!ended.Failed)
                {
                    // Only a failed step's log is printed again at the end.
                    ended.Transcript.Forget();
                }

                break;
            case BuildWarning warning:
                warnings.Add(warning);
                break;
            case BuildFinished end:
                finished = end;
                break;
            default:
                break;
        }
    }

    private TtyStep Step(int id, DateTimeOffset time)
    {
        if (!byId.TryGetValue(id, out var step))
        {
            step = new TtyStep(id, time);
            byId.Add(id, step);
            steps.Add(step);
        }

        return step;
    }

    private async Task DrawAsync()
    {
        var live = new LiveDisplay(console, Text.Empty)
        {
            AutoClear = true,
            Overflow = VerticalOverflow.Ellipsis,
            Cropping = VerticalOverflowCropping.Top,
        };
        await live.StartAsync(async context =>
        {
            while (true)
            {
                context.UpdateTarget(Snapshot(final: false));
                if (stopping.Task.IsCompleted)
                {
                    return;
                }

                await Task.WhenAny(stopping.Task, Task.Delay(options.RefreshInterval, timeProvider)).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    private async Task FinishAsync()
    {
        stopping.TrySetResult();
        try
        {
            await drawing.ConfigureAwait(false);
        }
        catch (IOException)
        {
            // stderr went away: nothing more can be shown.
            return;
        }

        try
        {
            PrintEnd();
        }
        catch (IOException)
        {
        }
    }

    private void PrintEnd()
    {
        List<TtyStep> failed;
        lock (state)
        {
            failed = steps.Where(s => s.Failed).ToList();
        }

        console.Write(Snapshot(final: true));
        console.WriteLine();
        var writer = console.Profile.Out.Writer;
        foreach (var step in failed)
        {
            // Whole lines, not cut to the terminal's width: the terminal wraps them and copy-paste keeps them whole.
            ProgressSummary.WriteErrorLog(writer, step.Name ?? "#" + step.Id, step.Transcript.Lines.Select(step.Transcript.Format));
        }

        if (warnings.Count > 0)
        {
            writer.Write("\n ");
            writer.Flush();
            console.Write(new Text(ProgressSummary.WarningsTitle(warnings.Count, options.ExpandWarnings), new Style(Color.Yellow)));
            writer.Write(ProgressSummary.WarningsBody(warnings, options.ExpandWarnings));
        }

        writer.Flush();
    }

    private TtyFrame Frame(DateTimeOffset now, bool final)
    {
        var done = steps.Count(s => s.Completion is not null);
        var elapsed = finished?.Duration ?? (clock.First is { } first ? now - first : TimeSpan.Zero);
        var header = "[+] Building " + ProgressNumbers.Seconds(Math.Max(0, elapsed.TotalSeconds)) + "s (" + done + "/" + steps.Count + ")";
        if (final && done == steps.Count && steps.Count > 0)
        {
            header += " FINISHED";
        }

        var headerStyle = finished is { Error: not null, Canceled: false } ? ErrorStyle : RunningStyle;
        var groups = steps.Select(step => (Step: step, Rows: StepRows(step, now, final))).ToList();
        if (final)
        {
            return new TtyFrame(header, headerStyle, groups.SelectMany(g => g.Rows).ToList(), unicode);
        }

        // Fit the terminal: drop finished steps (oldest first), then shorten the log tails; Spectre crops the rest.
        var height = Math.Max(2, console.Profile.Height);
        var running = groups.Where(g => g.Step.Completion is null && HasLogs(g.Step)).Select(g => g.Step).ToList();
        var tail = running.Count == 0 ? 0 : options.LogTailLines;
        int Needed() => 1 + groups.Sum(g => g.Rows.Count) + (tail * running.Count);
        while (Needed() > height && groups.FindIndex(g => g.Step.Completion is not null) is var index and >= 0)
        {
            groups.RemoveAt(index);
        }

        if (Needed() > height && running.Count > 0)
        {
            tail = Math.Max(0, (height - 1 - groups.Sum(g => g.Rows.Count)) / running.Count);
        }

        var rows = new List<TtyRow>();
        foreach (var (step, stepRows) in groups)
        {
            rows.AddRange(stepRows);
            if (tail > 0 && step.Completion is null)
            {
                rows.AddRange(LogTail(step, tail));
            }
        }

        return new TtyFrame(header, headerStyle, rows, unicode);
    }

    private List<TtyRow> StepRows(TtyStep step, DateTimeOffset now, bool final)
    {
        var name = step.Name ?? "#" + step.Id;
        var rows = new List<TtyRow>();
        string timer;
        Style style;
        if (step.Completion is { } done)
        {
            (name, style) = done switch
            {
                { Canceled: true } => ("CANCELED " + name, CanceledStyle),
                { Error: not null } => ("ERROR " + name, ErrorStyle),
                { Cached: true } => ("CACHED " + name, DoneStyle),
                _ => (name, DoneStyle),
            };
            timer = Time(done.Duration);
        }
        else
        {
            style = RunningStyle;
            timer = Time(now - step.Start);
            if (!final)
            {
                timer = Spinner(now) + " " + timer;
            }
        }

        rows.Add(new TtyRow(" => ", name, null, timer, style));
        foreach (var status in step.Statuses)
        {
            var progress = status.Total is { } total and not 0
                ? ProgressNumbers.Bytes(status.Current) + " / " + ProgressNumbers.Bytes(total)
                : status.Current != 0 ? ProgressNumbers.Bytes(status.Current) : null;
            var end = status.Completed || step.Completion is not null ? status.Last : now;
            rows.Add(new TtyRow(" => => ", status.Item, progress, Time(end - status.First), status.Completed ? DoneStyle : RunningStyle));
        }

        foreach (var reason in step.CacheReasons)
        {
            rows.Add(new TtyRow(" => => ", "cache miss: " + reason, null, null, LogStyle));
        }

        return rows;
    }

    private static bool HasLogs(TtyStep step) => step.Transcript.Lines.Count > 0 || step.Transcript.HasPending;

    private static IEnumerable<TtyRow> LogTail(TtyStep step, int count)
    {
        var pending = step.Transcript.Pending(lastBytes: 4096).ToList();
        var lines = step.Transcript.Lines;
        var fromKept = Math.Max(0, count - pending.Count);
        for (var i = Math.Max(0, lines.Count - fromKept); i < lines.Count; i++)
        {
            yield return new TtyRow(" => => # ", TerminalText.Sanitize(lines[i].Text), null, null, LogStyle);
        }

        foreach (var line in pending.Skip(Math.Max(0, pending.Count - count)))
        {
            yield return new TtyRow(" => => # ", TerminalText.Sanitize(line.Text), null, null, LogStyle);
        }
    }

    private string Spinner(DateTimeOffset now)
    {
        var frames = unicode ? UnicodeSpinner : AsciiSpinner;
        return frames[(int)(now.ToUnixTimeMilliseconds() / 100 % frames.Length)];
    }

    // BuildKit shows under 0.05 s as 0.0s.
    private static string Time(TimeSpan duration)
    {
        var seconds = duration.TotalSeconds;
        return ProgressNumbers.Seconds(seconds < 0.05 ? 0 : seconds) + "s";
    }
}
