namespace Kiln.Build.Progress;

/// <summary>Output a step wrote (a RUN's stdout or stderr, or a status line of an internal step); never clipped.</summary>
/// <param name="Time">When it was written.</param>
/// <param name="Id">The step number.</param>
/// <param name="Stream">1 for stdout, 2 for stderr.</param>
/// <param name="Data">The bytes as written (not necessarily whole lines, not necessarily UTF-8).</param>
public sealed record StepLog(DateTimeOffset Time, int Id, int Stream, ReadOnlyMemory<byte> Data) : BuildEvent(Time);
