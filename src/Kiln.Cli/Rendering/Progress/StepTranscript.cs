using Kiln.Build.Progress;

namespace Kiln.Cli.Rendering.Progress;

/// <summary>
/// The output of one step as whole lines, for the renderers: splits chunks into lines, formats them with BuildKit's
/// offset from the step's start (<c>0.512 text</c>) and keeps the last <c>keep</c> lines (all when null) for the
/// error block printed when the step fails. Not thread-safe: one owner.
/// </summary>
internal sealed class StepTranscript(DateTimeOffset start, int? keep)
{
    private readonly LogLineSplitter splitter = new();
    private readonly List<LogLine> kept = [];

    /// <summary>The step's start, the origin of the offsets.</summary>
    public DateTimeOffset Start { get; set; } = start;

    /// <summary>The kept lines, oldest first.</summary>
    public IReadOnlyList<LogLine> Lines => kept;

    /// <summary>Adds a chunk; returns the lines it completed.</summary>
    public IReadOnlyList<LogLine> Append(StepLog log) => Keep(splitter.Append(log));

    /// <summary>Ends the unfinished lines (at the step's end) and returns them.</summary>
    public IReadOnlyList<LogLine> Flush() => Keep(splitter.Flush());

    /// <summary>True when a line is unfinished.</summary>
    public bool HasPending => splitter.HasPending;

    /// <summary>The unfinished lines, left in place (only their last <paramref name="lastBytes"/> bytes when given).</summary>
    public IEnumerable<LogLine> Pending(int? lastBytes = null) => splitter.Pending(lastBytes);

    /// <summary>Drops the kept lines (the step succeeded: nobody will ask for them).</summary>
    public void Forget() => kept.Clear();

    /// <summary>The line as BuildKit prints it: offset in seconds since the step started, a space, the text.</summary>
    public string Format(LogLine line) => ProgressNumbers.LogOffset(line.Time - Start) + " " + line.Text;

    private IReadOnlyList<LogLine> Keep(IReadOnlyList<LogLine> lines)
    {
        foreach (var line in lines)
        {
            kept.Add(line);
            if (keep is { } max && kept.Count > max)
            {
                // keep is small (BuildKit's 10): shifting is cheaper than a ring here.
                kept.RemoveAt(0);
            }
        }

        return lines;
    }
}
