using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kiln.Cli.Tests.Build;

/// <summary>A tiny HTTP server on 127.0.0.1 that answers every GET with the path as content after a fixed delay (for overlap and cancellation tests).</summary>
internal sealed class SlowHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeSpan _delay;

    public SlowHttpServer(TimeSpan delay)
    {
        _delay = delay;
        _listener.Start();
        _ = AcceptAsync();
    }

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
                var buffer = new byte[4096];
                var read = await stream.ReadAsync(buffer, _stop.Token);
                var request = Encoding.ASCII.GetString(buffer, 0, read);
                var path = request.Split(' ') is { Length: > 1 } parts ? parts[1] : "/";
                await Task.Delay(_delay, _stop.Token);
                var body = Encoding.UTF8.GetBytes("content of " + path + "\n");
                var head = $"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nLast-Modified: Tue, 03 Jun 2025 10:00:00 GMT\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
                await stream.WriteAsync(body, _stop.Token);
            }
            catch (Exception)
            {
                // The client went away (a cancelled build); nothing to do.
            }
        }
    }
}
