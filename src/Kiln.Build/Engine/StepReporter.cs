using Kiln.Build.Progress;

namespace Kiln.Build.Engine;

/// <summary>Numbers the steps of one build and reports their lifecycle to an <see cref="IBuildProgress"/>.</summary>
internal sealed class StepReporter(IBuildProgress progress, TimeProvider time)
{
    private int _next;

    /// <summary>The sink events go to.</summary>
    public IBuildProgress Progress => progress;

    /// <summary>Now, from the build's clock.</summary>
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Starts a step and reports it.</summary>
    public ReportedStep Start(string name, string? stage = null, int? stepIndex = null)
    {
        var id = Interlocked.Increment(ref _next);
        var started = time.GetUtcNow();
        progress.Report(new StepStarted(started, id, name, stage, stepIndex));
        return new ReportedStep(this, id, started);
    }

    internal void Report(BuildEvent buildEvent) => progress.Report(buildEvent);
}
