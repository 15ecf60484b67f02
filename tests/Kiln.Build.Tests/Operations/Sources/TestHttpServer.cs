using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kiln.Build.Tests.Operations.Sources;

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1 for the download tests: one request per connection, answers from a
/// path table (unknown paths get 404), records the paths asked for. Raw sockets, so tests control every byte
/// (Last-Modified formats, redirects, stalls, truncation).
/// </summary>
internal sealed class TestHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Dictionary<string, TestHttpResponse> _routes = new(StringComparer.Ordinal);
    private readonly List<string> _requests = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public TestHttpServer()
    {
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public Uri Url(string pathAndQuery) => new($"http://127.0.0.1:{Port}{pathAndQuery}");

    public void Map(string path, TestHttpResponse response)
    {
        lock (_routes)
        {
            _routes[path] = response;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var path = await ReadRequestPathAsync(stream);
                if (path is null)
                {
                    return;
                }

                lock (_requests)
                {
                    _requests.Add(path);
                }

                TestHttpResponse? response;
                lock (_routes)
                {
                    _routes.TryGetValue(path, out response);
                }

                response ??= new TestHttpResponse(404, Encoding.ASCII.GetBytes("not found"));
                var head = new StringBuilder()
                    .Append("HTTP/1.1 ").Append(response.Status).Append(' ').Append(Reason(response.Status)).Append("\r\n")
                    .Append("Content-Length: ").Append(response.DeclaredLength ?? response.Body.Length).Append("\r\n")
                    .Append("Connection: close\r\n");
                foreach (var (name, value) in response.Headers)
                {
                    head.Append(name).Append(": ").Append(value).Append("\r\n");
                }

                head.Append("\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), _stop.Token);
                var sent = response.StallAfter is { } stall ? Math.Min(stall, response.Body.Length) : response.Body.Length;
                await stream.WriteAsync(response.Body.AsMemory(0, sent), _stop.Token);
                await stream.FlushAsync(_stop.Token);
                if (response.StallAfter is not null)
                {
                    // Hold the connection open until the client gives up (it reads 0 bytes then) or the server stops.
                    var buffer = new byte[1];
                    while (await stream.ReadAsync(buffer, _stop.Token) > 0)
                    {
                    }
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away or the server is stopping.
            }
        }
    }

    private static async Task<string?> ReadRequestPathAsync(NetworkStream stream)
    {
        var bytes = new List<byte>();
        var buffer = new byte[1];
        while (bytes.Count < 64 * 1024)
        {
            if (await stream.ReadAsync(buffer) == 0)
            {
                return null;
            }

            bytes.Add(buffer[0]);
            if (bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n')
            {
                break;
            }
        }

        var requestLine = Encoding.ASCII.GetString([.. bytes]).Split("\r\n")[0].Split(' ');
        return requestLine.Length >= 2 ? requestLine[1] : null;
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "Status",
    };
}
