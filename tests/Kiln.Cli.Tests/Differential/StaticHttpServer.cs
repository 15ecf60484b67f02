using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kiln.Cli.Tests.Differential;

/// <summary>
/// An HTTP/1.1 server on 127.0.0.1 for the ADD URL cases: answers GET and HEAD for the fixed files it was given (with
/// <c>Last-Modified</c>), 404 for anything else. Both BuildKit (its HTTP source runs in dockerd, on the host network)
/// and Kiln fetch from it. <see cref="Slow"/> makes one that answers any path after a delay (overlap and cancellation
/// tests).
/// </summary>
internal sealed class StaticHttpServer : IDisposable
{
    /// <summary>The <c>Last-Modified</c> every file is served with.</summary>
    public const string LastModified = "Tue, 03 Jun 2025 10:00:00 GMT";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly IReadOnlyDictionary<string, byte[]> _files;
    private readonly TimeSpan _delay;
    private readonly Func<string, byte[]>? _fallback;

    public StaticHttpServer(IReadOnlyDictionary<string, byte[]> files, TimeSpan delay = default, Func<string, byte[]>? fallback = null)
    {
        _files = files;
        _delay = delay;
        _fallback = fallback;
        _listener.Start();
        _ = AcceptAsync();
    }

    /// <summary>A server that answers every path with <c>content of PATH</c> after <paramref name="delay"/>.</summary>
    public static StaticHttpServer Slow(TimeSpan delay) =>
        new(new Dictionary<string, byte[]>(), delay, path => Encoding.UTF8.GetBytes("content of " + path + "\n"));

    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = new StringBuilder();
                var buffer = new byte[4096];
                while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    request.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                var parts = request.ToString().Split(' ', 3);
                var path = parts.Length > 1 ? parts[1].Split('?')[0] : "/";
                var head = parts[0] == "HEAD";
                string status;
                byte[] body;
                if (_delay > TimeSpan.Zero)
                {
                    await Task.Delay(_delay, _stop.Token);
                }

                if (_files.TryGetValue(path, out var content) || (_fallback is not null && (content = _fallback(path)) is not null))
                {
                    status = "200 OK";
                    body = content;
                }
                else
                {
                    status = "404 Not Found";
                    body = Encoding.ASCII.GetBytes("not found\n");
                }

                var headers = $"HTTP/1.1 {status}\r\nContent-Length: {body.Length}\r\nContent-Type: application/octet-stream\r\nLast-Modified: {LastModified}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(headers), _stop.Token);
                if (!head)
                {
                    await stream.WriteAsync(body, _stop.Token);
                }
            }
            catch (Exception)
            {
                // The client went away; nothing to do.
            }
        }
    }
}
