using System.Globalization;
using Kiln.Build.Progress;

namespace Kiln.Cli.Rendering.Progress;

/// <summary>
/// <c>--progress=quiet</c> (CLI-PROGRESS): prints nothing but failures. When a step fails (not when it is
/// cancelled) its whole log is printed at once in BuildKit's error block (<c>------</c>, <c> &gt; name:</c>,
/// <c>0.512 line</c>..., <c>------</c>), so the reason is visible without re-running in another mode. Logs of steps
/// that succeed are dropped as soon as they end.
/// </summary>
internal sealed class QuietProgressRenderer : IProgressRenderer
{
    private readonly TextWriter writer;
    private readonly ProgressPump pump;
    private readonly Dictionary<int, (string? Name, StepTranscript Transcript)> steps = [];
    private readonly Lock completion = new();
    private Task? completed;

    public QuietProgressRenderer(TextWriter writer, ProgressRendererOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        this.writer = writer;
        pump = new ProgressPump(Handle, (options ?? new ProgressRendererOptions()).TimeProvider);
    }

    public void Report(BuildEvent buildEvent) => pump.Post(buildEvent);

    public Task CompleteAsync()
    {
        lock (completion)
        {
            return completed ??= pump.CompleteAsync();
        }
    }

    public async ValueTask DisposeAsync() => await CompleteAsync().ConfigureAwait(false);

    private void Handle(QueuedEvent item)
    {
        switch (item.Event)
        {
            case StepStarted started:
                var transcript = steps.TryGetValue(started.Id, out var known) ? known.Transcript : new StepTranscript(started.Time, keep: null);
                transcript.Start = started.Time;
                steps[started.Id] = (started.Name, transcript);
                break;
            case StepLog log:
                if (!steps.TryGetValue(log.Id, out var step))
                {
                    step = (null, new StepTranscript(log.Time, keep: null));
                    steps.Add(log.Id, step);
                }

                step.Transcript.Append(log);
                break;
            case StepCompleted { Error: not null, Canceled: false } failed:
                var (name, lines) = steps.TryGetValue(failed.Id, out var failing)
                    ? failing
                    : (null, new StepTranscript(failed.Time, keep: null));
                lines.Flush();
                ProgressSummary.WriteErrorLog(
                    writer, name ?? "#" + failed.Id.ToString(CultureInfo.InvariantCulture), lines.Lines.Select(lines.Format));
                writer.Flush();
                steps.Remove(failed.Id);
                break;
            case StepCompleted done:
                steps.Remove(done.Id);
                break;
            default:
                break;
        }
    }
}
