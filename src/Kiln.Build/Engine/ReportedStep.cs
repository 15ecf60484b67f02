using Kiln.Build.Progress;

namespace Kiln.Build.Engine;

/// <summary>A step that was reported as started: completes once (done, cached, failed or cancelled) and can log.</summary>
internal sealed class ReportedStep(StepReporter reporter, int id, DateTimeOffset started)
{
    private int _completed;

    public int Id => id;

    public void Done(bool cached = false) => Complete(cached, null, false);

    public void Fail(string error) => Complete(false, error, false);

    public void Cancel() => Complete(false, null, true);

    public void Status(string item, long current = 0, long? total = null, bool completed = false) =>
        reporter.Report(new StepStatus(reporter.Now, id, item, current, total, completed));

    public void Explain(IReadOnlyList<string> reasons) => reporter.Report(new CacheExplanation(reporter.Now, id, reasons));

    public void Log(string line) => reporter.Report(new StepLog(reporter.Now, id, 1, System.Text.Encoding.UTF8.GetBytes(line + "\n")));

    /// <summary>Raw output of the step's process (<paramref name="stream"/> 1 stdout, 2 stderr), passed on unclipped.</summary>
    public void Output(int stream, ReadOnlyMemory<byte> data) => reporter.Report(new StepLog(reporter.Now, id, stream, data));

    private void Complete(bool cached, string? error, bool canceled)
    {
        if (Interlocked.Exchange(ref _completed, 1) == 0)
        {
            var now = reporter.Now;
            reporter.Report(new StepCompleted(now, id, cached, now - started, error, canceled));
        }
    }
}
