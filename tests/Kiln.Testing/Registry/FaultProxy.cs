using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kiln.Testing.Registry;

/// <summary>
/// A fault-injecting HTTP/1.1 proxy on a loopback port in front of a plain-HTTP registry: parses each request, forwards
/// it with its Host header kept (so the registry's Location URLs point back at the proxy), and answers with the
/// registry's response, unless a programmed <see cref="ProxyFault"/> matches: 503 or 429 (with Retry-After) instead of
/// forwarding, a reset after forwarding or mid-body, a slow body, or one flipped byte. Records every request line.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Proxy-Connection", "TE", "Trailer", "Upgrade", "Host", "Content-Length",
    };

    private readonly TcpListener _listener;
    private readonly HttpClient _upstream;
    private readonly Uri _target;
    private readonly Lock _lock = new();
    private readonly List<ProxyFault> _faults = [];
    private readonly List<string> _log = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accept;

    private FaultProxy(TcpListener listener, Uri target)
    {
        _listener = listener;
        _target = target;
        _upstream = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None, UseCookies = false });
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _accept = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    /// <summary><c>127.0.0.1:PORT</c>, to use as the registry host.</summary>
    public string Host => "127.0.0.1:" + Port;

    /// <summary>"METHOD path → status" of every request seen, in order; faults are marked.</summary>
    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_lock)
            {
                return _log.ToList();
            }
        }
    }

    /// <summary>Starts a proxy in front of <paramref name="registryHost"/> (<c>127.0.0.1:PORT</c>, plain HTTP).</summary>
    public static FaultProxy Start(string registryHost)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new FaultProxy(listener, new Uri("http://" + registryHost + "/"));
    }

    /// <summary>Programs a fault.</summary>
    public void Add(ProxyFault fault)
    {
        lock (_lock)
        {
            _faults.Add(fault);
        }
    }

    /// <summary>Faults programmed but not yet used up.</summary>
    public int PendingFaults
    {
        get
        {
            lock (_lock)
            {
                return _faults.Sum(f => f.Times);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try
        {
            await _accept.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _upstream.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private ProxyFault? Take(string method, string pathAndQuery)
    {
        lock (_lock)
        {
            var index = _faults.FindIndex(f => (f.Method == "*" || f.Method.Equals(method, StringComparison.OrdinalIgnoreCase)) && pathAndQuery.Contains(f.PathContains, StringComparison.Ordinal));
            if (index < 0)
            {
                return null;
            }

            var fault = _faults[index];
            if (fault.Times <= 1)
            {
                _faults.RemoveAt(index);
            }
            else
            {
                _faults[index] = fault with { Times = fault.Times - 1 };
            }

            return fault;
        }
    }

    private void Record(string line)
    {
        lock (_lock)
        {
            _log.Add(line);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var reader = new BufferedReader(stream);
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var head = await reader.ReadHeadAsync(_stop.Token).ConfigureAwait(false);
                    if (head is null)
                    {
                        return;
                    }

                    var lines = head.Split("\r\n");
                    var requestLine = lines[0].Split(' ');
                    var (method, path) = (requestLine[0], requestLine[1]);
                    var headers = lines.Skip(1).Where(l => l.Length > 0).Select(l => (Name: l[..l.IndexOf(':', StringComparison.Ordinal)], Value: l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())).ToList();
                    var body = await ReadBodyAsync(reader, headers, _stop.Token).ConfigureAwait(false);
                    var fault = Take(method, path);
                    if (!await HandleAsync(stream, client, method, path, headers, body, fault).ConfigureAwait(false))
                    {
                        return;
                    }
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or HttpRequestException)
            {
            }
        }
    }

    /// <summary>Answers one request; false when the connection was closed (reset) on purpose.</summary>
    private async Task<bool> HandleAsync(NetworkStream stream, TcpClient client, string method, string path, List<(string Name, string Value)> headers, byte[] body, ProxyFault? fault)
    {
        if (fault?.Kind is FaultKind.ServerError or FaultKind.TooManyRequests)
        {
            var status = fault.Kind == FaultKind.ServerError ? 503 : 429;
            Record($"{method} {path} -> {status} (fault)");
            var extra = fault.Kind == FaultKind.TooManyRequests ? $"Retry-After: {fault.RetryAfterSeconds}\r\n" : string.Empty;
            var payload = Encoding.UTF8.GetBytes("{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"injected fault\"}]}");
            await WriteAsync(stream, $"HTTP/1.1 {status} Fault\r\nContent-Type: application/json\r\nContent-Length: {payload.Length}\r\n{extra}\r\n", payload).ConfigureAwait(false);
            return true;
        }

        if (fault?.Kind == FaultKind.ResetBeforeForward)
        {
            Record($"{method} {path} -> reset before forwarding (fault)");
            Reset(client);
            return false;
        }

        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(_target, path));
        request.Headers.Host = headers.FirstOrDefault(h => h.Name.Equals("Host", StringComparison.OrdinalIgnoreCase)).Value ?? Host;
        if (body.Length > 0 || method is "PUT" or "POST" or "PATCH")
        {
            request.Content = new ByteArrayContent(body);
        }

        foreach (var (name, value) in headers.Where(h => !HopByHop.Contains(h.Name)))
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await _upstream.SendAsync(request, HttpCompletionOption.ResponseContentRead, _stop.Token).ConfigureAwait(false);
        var responseBody = await response.Content.ReadAsByteArrayAsync(_stop.Token).ConfigureAwait(false);
        var status2 = (int)response.StatusCode;
        if (fault?.Kind == FaultKind.ResetAfterForward)
        {
            Record($"{method} {path} -> reset after forwarding (fault; registry said {status2})");
            Reset(client);
            return false;
        }

        var builder = new StringBuilder($"HTTP/1.1 {status2} {response.ReasonPhrase}\r\n");
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                foreach (var value in values)
                {
                    builder.Append(name).Append(": ").Append(value).Append("\r\n");
                }
            }
        }

        var declaredLength = method == "HEAD" ? response.Content.Headers.ContentLength ?? 0 : responseBody.Length;
        builder.Append("Content-Length: ").Append(declaredLength).Append("\r\n\r\n");
        var headBytes = Encoding.ASCII.GetBytes(builder.ToString());
        if (method == "HEAD")
        {
            responseBody = [];
        }

        switch (fault?.Kind)
        {
            case FaultKind.ResetMidBody when responseBody.Length > 1:
                Record($"{method} {path} -> {status2}, reset after {responseBody.Length / 2} of {responseBody.Length} bytes (fault)");
                await stream.WriteAsync(headBytes).ConfigureAwait(false);
                await stream.WriteAsync(responseBody.AsMemory(0, responseBody.Length / 2)).ConfigureAwait(false);
                await stream.FlushAsync().ConfigureAwait(false);
                Reset(client);
                return false;
            case FaultKind.FlipByte when responseBody.Length > 0:
                Record($"{method} {path} -> {status2}, byte {responseBody.Length / 2} flipped (fault)");
                responseBody[responseBody.Length / 2] ^= 0xFF;
                await WriteAsync(stream, headBytes, responseBody).ConfigureAwait(false);
                return true;
            case FaultKind.SlowBody:
                Record($"{method} {path} -> {status2}, slow body (fault)");
                await stream.WriteAsync(headBytes).ConfigureAwait(false);
                var piece = Math.Max(1, responseBody.Length / 20);
                for (var offset = 0; offset < responseBody.Length; offset += piece)
                {
                    await stream.WriteAsync(responseBody.AsMemory(offset, Math.Min(piece, responseBody.Length - offset))).ConfigureAwait(false);
                    await stream.FlushAsync().ConfigureAwait(false);
                    await Task.Delay(fault.SlowPause).ConfigureAwait(false);
                }

                return true;
            default:
                var range = response.Headers.NonValidated.TryGetValues("Range", out var ranges) ? " Range: " + string.Join(',', ranges) : string.Empty;
                Record($"{method} {path} -> {status2}{range}");
                await WriteAsync(stream, headBytes, responseBody).ConfigureAwait(false);
                return true;
        }
    }

    private static async Task WriteAsync(NetworkStream stream, string head, byte[] body) =>
        await WriteAsync(stream, Encoding.ASCII.GetBytes(head), body).ConfigureAwait(false);

    private static async Task WriteAsync(NetworkStream stream, byte[] head, byte[] body)
    {
        await stream.WriteAsync(head).ConfigureAwait(false);
        await stream.WriteAsync(body).ConfigureAwait(false);
        await stream.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Closes with SO_LINGER 0 so the client sees a connection reset, not a clean end.</summary>
    private static void Reset(TcpClient client)
    {
        client.Client.LingerState = new LingerOption(true, 0);
        client.Client.Close();
    }

    private static async Task<byte[]> ReadBodyAsync(BufferedReader reader, List<(string Name, string Value)> headers, CancellationToken cancellationToken)
    {
        var chunked = headers.Any(h => h.Name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && h.Value.Contains("chunked", StringComparison.OrdinalIgnoreCase));
        if (chunked)
        {
            using var body = new MemoryStream();
            while (true)
            {
                var sizeLine = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) ?? throw new IOException("chunked body ended");
                var size = Convert.ToInt32(sizeLine.Split(';')[0].Trim(), 16);
                if (size == 0)
                {
                    await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                    return body.ToArray();
                }

                body.Write(await reader.ReadExactlyAsync(size, cancellationToken).ConfigureAwait(false));
                await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        var length = headers.Where(h => h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Select(h => long.Parse(h.Value, System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        return length > 0 ? await reader.ReadExactlyAsync((int)length, cancellationToken).ConfigureAwait(false) : [];
    }
}
