namespace Kiln.Cli.Rendering.Progress;

/// <summary>One whole line of a step's output, without its newline, decoded as UTF-8 (invalid bytes replaced).</summary>
/// <param name="Time">When its first byte was written.</param>
/// <param name="Stream">1 for stdout, 2 for stderr.</param>
/// <param name="Text">The text.</param>
internal readonly record struct LogLine(DateTimeOffset Time, int Stream, string Text);
