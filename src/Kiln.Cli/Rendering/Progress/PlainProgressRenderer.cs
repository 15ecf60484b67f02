using System.Globalization;
using Kiln.Build.Progress;

namespace Kiln.Cli.Rendering.Progress;

/// <summary>
/// <c>--progress=plain</c> (CLI-PROGRESS), BuildKit's text format (progressui's printer): a block per step opened by
/// <c>#N name</c>, its lines prefixed <c>#N </c> (status items <c>#N item 2.10MB / 3.00MB 0.3s done</c>, log lines
/// <c>#N 0.512 text</c> with the seconds since the step started, <c>#N cache miss: reason</c>), closed by
/// <c>#N DONE 0.3s</c>, <c>#N CACHED</c>, <c>#N ERROR: message</c> or <c>#N CANCELED</c>, blocks separated by a
/// blank line. Parallel steps take turns as in BuildKit: the step being printed keeps the output while it runs, a
/// step that finishes is printed at once, and another step with output takes over after
/// <see cref="ProgressRendererOptions.StepSwitchDelay"/>, the interrupted one marked <c>#N ...</c> and its header
/// printed again when it comes back. Every log line is printed, never clipped; a partial line waits for its newline
/// or the step's end. At the end: the last 10 log lines of each failed step (BuildKit's error block) and the
/// warnings summary.
/// </summary>
internal sealed class PlainProgressRenderer : IProgressRenderer
{
    private readonly TextWriter writer;
    private readonly ProgressRendererOptions options;
    private readonly ProgressPump pump;
    private readonly EventClock clock = new();
    private readonly Dictionary<int, PlainStep> steps = [];
    private readonly List<BuildWarning> warnings = [];
    private readonly Lock completion = new();
    private Task? completed;
    private PlainStep? current;
    private DateTimeOffset currentSince;
    private bool printedAny;

    public PlainProgressRenderer(TextWriter writer, ProgressRendererOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        this.writer = writer;
        this.options = options ?? new ProgressRendererOptions();
        // Ticks let a step that waits for the output get it even when no event arrives.
        pump = new ProgressPump(Handle, this.options.TimeProvider, TimeSpan.FromSeconds(1));
    }

    public void Report(BuildEvent buildEvent) => pump.Post(buildEvent);

    public Task CompleteAsync()
    {
        lock (completion)
        {
            return completed ??= FinishAsync();
        }
    }

    public async ValueTask DisposeAsync() => await CompleteAsync().ConfigureAwait(false);

    private async Task FinishAsync()
    {
        await pump.CompleteAsync().ConfigureAwait(false);
        pump.Guard(() =>
        {
            // Steps that never reported their end still get every line they wrote.
            foreach (var step in steps.Values.OrderBy(s => s.Order))
            {
                foreach (var line in step.Transcript.Flush())
                {
                    step.Add(step.Transcript.Format(line), line.Time);
                }
            }

            while (OldestPending(except: null) is { } step)
            {
                SwitchTo(step, step.PendingSince!.Value);
                PrintPending(step);
            }

            foreach (var step in steps.Values.OrderBy(s => s.Order))
            {
                if (step.Completion is { Error: not null, Canceled: false })
                {
                    ProgressSummary.WriteErrorLog(writer, step.Name ?? Id(step), step.Transcript.Lines.Select(step.Transcript.Format));
                }
            }

            ProgressSummary.WriteWarnings(writer, warnings, options.ExpandWarnings);
            writer.Flush();
        });
    }

    private void Handle(QueuedEvent item)
    {
        if (item.Event is not { } buildEvent)
        {
            Schedule(clock.Now(item.ReceivedAt));
            writer.Flush();
            return;
        }

        clock.Observe(buildEvent.Time, item.ReceivedAt);
        switch (buildEvent)
        {
            case StepStarted started:
                var step = Step(started.Id, started.Time);
                step.Name = started.Name;
                step.Transcript.Start = started.Time;
                step.PendingSince ??= started.Time;
                break;
            case StepLog log:
                var logStep = Step(log.Id, log.Time);
                foreach (var line in logStep.Transcript.Append(log))
                {
                    logStep.Add(logStep.Transcript.Format(line), line.Time);
                }

                break;
            case StepStatus status:
                AddStatus(Step(status.Id, status.Time), status);
                break;
            case CacheExplanation explanation:
                var explained = Step(explanation.Id, explanation.Time);
                foreach (var reason in explanation.Reasons)
                {
                    explained.Add("cache miss: " + reason, explanation.Time);
                }

                break;
            case StepCompleted done:
                Complete(Step(done.Id, done.Time), done);
                break;
            case BuildWarning warning:
                warnings.Add(warning);
                break;
            default:
                break;
        }

        Schedule(buildEvent.Time);
        writer.Flush();
    }

    private PlainStep Step(int id, DateTimeOffset time)
    {
        if (!steps.TryGetValue(id, out var step))
        {
            step = new PlainStep(id, time) { Order = steps.Count };
            steps.Add(id, step);
        }

        return step;
    }

    private void AddStatus(PlainStep step, StepStatus status)
    {
        var first = status.Time;
        if (step.Statuses.TryGetValue(status.Item, out var seen))
        {
            first = seen.First;
            // BuildKit prints an unfinished item again only after 5% more progress or 5 seconds.
            if (seen.LastTime is { } lastTime && !status.Completed)
            {
                var progress = status.Total is > 0 ? (double)(status.Current - seen.LastCurrent) / status.Total.Value : 0;
                if (progress < 0.05 && status.Time - lastTime < TimeSpan.FromSeconds(5))
                {
                    return;
                }
            }
        }

        step.Statuses[status.Item] = (first, status.Time, status.Current);
        var text = status.Item;
        if (status.Total is { } total and not 0)
        {
            text += " " + ProgressNumbers.Bytes(status.Current) + " / " + ProgressNumbers.Bytes(total);
        }
        else if (status.Current != 0)
        {
            text += " " + ProgressNumbers.Bytes(status.Current);
        }

        var seconds = (status.Time - first).TotalSeconds;
        if (seconds > 0.01)
        {
            text += " " + ProgressNumbers.Seconds(seconds) + "s";
        }

        if (status.Completed)
        {
            text += " done";
        }

        step.Add(text, status.Time);
    }

    private void Complete(PlainStep step, StepCompleted done)
    {
        foreach (var line in step.Transcript.Flush())
        {
            step.Add(step.Transcript.Format(line), line.Time);
        }

        step.Completion = done;
        SwitchTo(step, done.Time);
        PrintPending(step);
        var end = done switch
        {
            { Canceled: true } => "CANCELED",
            { Error: { } error } => "ERROR: " + error,
            { Cached: true } => "CACHED",
            _ => "DONE " + ProgressNumbers.Seconds(done.Duration.TotalSeconds) + "s",
        };
        WriteLine(step, end);
        current = null;
    }

    /// <summary>Prints what may be printed now: the current step's lines, or another step's when it is its turn.</summary>
    private void Schedule(DateTimeOffset now)
    {
        if (current is not null)
        {
            PrintPending(current);
            if (now - currentSince < options.StepSwitchDelay)
            {
                return;
            }
        }

        if (OldestPending(except: current) is { } next)
        {
            SwitchTo(next, now);
            PrintPending(next);
        }
    }

    private PlainStep? OldestPending(PlainStep? except)
    {
        PlainStep? oldest = null;
        foreach (var step in steps.Values)
        {
            if (step != except && step.PendingSince is { } since && (oldest is null || since < oldest.PendingSince!.Value))
            {
                oldest = step;
            }
        }

        return oldest;
    }

    private void SwitchTo(PlainStep step, DateTimeOffset now)
    {
        if (current == step)
        {
            return;
        }

        if (current is not null)
        {
            WriteLine(current, "...");
        }

        if (printedAny)
        {
            writer.Write('\n');
        }

        printedAny = true;
        writer.Write(step.Header);
        writer.Write('\n');
        current = step;
        currentSince = now;
    }

    private void PrintPending(PlainStep step)
    {
        foreach (var line in step.Pending)
        {
            WriteLine(step, line);
        }

        step.Pending.Clear();
        step.PendingSince = null;
    }

    private void WriteLine(PlainStep step, string text)
    {
        writer.Write(Id(step));
        writer.Write(' ');
        writer.Write(text);
        writer.Write('\n');
    }

    private static string Id(PlainStep step) => "#" + step.Id.ToString(CultureInfo.InvariantCulture);
}
