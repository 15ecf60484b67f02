using System.Buffers;
using System.Text;
using Kiln.Build.Progress;

namespace Kiln.Cli.Rendering.Progress;

/// <summary>
/// Cuts one step's output chunks into whole lines, per stream: bytes are kept until a newline (or
/// <see cref="Flush"/> at the step's end), so a UTF-8 sequence split across chunks decodes whole, and a line is
/// never cut short however long it is. Invalid UTF-8 becomes U+FFFD. Not thread-safe: one owner.
/// </summary>
internal sealed class LogLineSplitter
{
    private readonly SortedDictionary<int, Partial> partials = [];

    /// <summary>Adds a chunk and returns the lines it completed, in order.</summary>
    public IReadOnlyList<LogLine> Append(StepLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var data = log.Data.Span;
        if (data.IsEmpty)
        {
            return [];
        }

        if (!partials.TryGetValue(log.Stream, out var partial))
        {
            partial = new Partial();
            partials.Add(log.Stream, partial);
        }

        List<LogLine>? lines = null;
        while (!data.IsEmpty)
        {
            if (partial.Bytes.WrittenCount == 0)
            {
                partial.Time = log.Time;
            }

            var newline = data.IndexOf((byte)'\n');
            if (newline < 0)
            {
                partial.Bytes.Write(data);
                break;
            }

            partial.Bytes.Write(data[..newline]);
            (lines ??= []).Add(partial.Take(log.Stream));
            data = data[(newline + 1)..];
        }

        return lines ?? (IReadOnlyList<LogLine>)[];
    }

    /// <summary>True when some stream has an unfinished line.</summary>
    public bool HasPending => partials.Values.Any(p => p.Bytes.WrittenCount > 0);

    /// <summary>
    /// The unfinished line of each stream, left in place; with <paramref name="lastBytes"/> only its end (the live view
    /// shows the end of a progress bar that never writes a newline, without decoding all of it ten times a second).
    /// </summary>
    public IEnumerable<LogLine> Pending(int? lastBytes = null)
    {
        foreach (var (stream, partial) in partials)
        {
            var bytes = partial.Bytes.WrittenSpan;
            if (bytes.IsEmpty)
            {
                continue;
            }

            if (lastBytes is { } max && bytes.Length > max)
            {
                bytes = bytes[^max..];
                // Start on a character, not inside one: skip UTF-8 continuation bytes.
                var skip = 0;
                while (skip < 3 && skip < bytes.Length && (bytes[skip] & 0xC0) == 0x80)
                {
                    skip++;
                }

                bytes = bytes[skip..];
            }

            yield return new LogLine(partial.Time, stream, Encoding.UTF8.GetString(bytes));
        }
    }

    /// <summary>Ends the unfinished lines (the step ended without a final newline) and returns them.</summary>
    public IReadOnlyList<LogLine> Flush()
    {
        List<LogLine>? lines = null;
        foreach (var (stream, partial) in partials)
        {
            if (partial.Bytes.WrittenCount > 0)
            {
                (lines ??= []).Add(partial.Take(stream));
            }
        }

        return lines ?? (IReadOnlyList<LogLine>)[];
    }

    private sealed class Partial
    {
        public ArrayBufferWriter<byte> Bytes { get; } = new();

        public DateTimeOffset Time { get; set; }

        public LogLine Take(int stream)
        {
            var line = new LogLine(Time, stream, Encoding.UTF8.GetString(Bytes.WrittenSpan));
            Bytes.ResetWrittenCount();
            return line;
        }
    }
}
