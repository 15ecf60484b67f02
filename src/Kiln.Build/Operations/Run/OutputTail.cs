using System.Text;

namespace Kiln.Build.Operations.Run;

/// <summary>The last lines a RUN printed (both streams), for the error of a failing step; the full output goes to progress.</summary>
internal sealed class OutputTail(int lines)
{
    private readonly Queue<string> _lines = new();
    private readonly StringBuilder _partial = new();
    private readonly Lock _lock = new();

    public void Append(ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            foreach (var c in Encoding.UTF8.GetString(data))
            {
                if (c == '\n')
                {
                    Push(_partial.ToString());
                    _partial.Clear();
                }
                else if (c != '\r')
                {
                    _partial.Append(c);
                }
            }
        }
    }

    /// <summary>The kept lines, oldest first, with any unterminated last line.</summary>
    public IReadOnlyList<string> Lines()
    {
        lock (_lock)
        {
            var result = _lines.ToList();
            if (_partial.Length > 0)
            {
                result.Add(_partial.ToString());
            }

            return result.Count > lines ? result[^lines..] : result;
        }
    }

    private void Push(string line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > lines)
        {
            _lines.Dequeue();
        }
    }
}
