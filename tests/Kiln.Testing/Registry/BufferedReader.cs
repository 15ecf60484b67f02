using System.Text;

namespace Kiln.Testing.Registry;

/// <summary>Reads HTTP/1.1 heads, lines and exact byte counts from a network stream (the <see cref="FaultProxy"/>'s parser).</summary>
internal sealed class BufferedReader(Stream stream)
{
    private readonly byte[] _buffer = new byte[64 << 10];
    private int _start;
    private int _end;

    /// <summary>The request head up to the blank line (without it), or null at a clean end of the connection.</summary>
    public async Task<string?> ReadHeadAsync(CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is null)
            {
                return head.Length == 0 ? null : throw new IOException("connection ended inside a request head");
            }

            if (line.Length == 0)
            {
                if (head.Length == 0)
                {
                    continue;
                }

                return head.ToString().TrimEnd('\r', '\n');
            }

            head.Append(line).Append("\r\n");
        }
    }

    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return line.Count == 0 ? null : Encoding.ASCII.GetString(line.ToArray());
            }

            var b = _buffer[_start++];
            if (b == '\n')
            {
                return Encoding.ASCII.GetString(line.ToArray()).TrimEnd('\r');
            }

            line.Add(b);
        }
    }

    public async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
    {
        var result = new byte[count];
        var done = 0;
        while (done < count)
        {
            if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new IOException("connection ended inside a body");
            }

            var take = Math.Min(count - done, _end - _start);
            Array.Copy(_buffer, _start, result, done, take);
            _start += take;
            done += take;
        }

        return result;
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
        return _end > 0;
    }
}
