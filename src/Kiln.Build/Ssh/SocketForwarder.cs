using System.Net.Sockets;

namespace Kiln.Build.Ssh;

/// <summary>
/// A unix socket that forwards every connection to another one: how <c>--ssh default</c> gives a RUN step the user's
/// <c>$SSH_AUTH_SOCK</c> with the mount's own mode, uid and gid (DF-RUN-MOUNT-SSH) without touching the user's socket.
/// Dispose stops listening and closes the connections it forwards.
/// </summary>
public sealed class SocketForwarder : IDisposable
{
    private readonly Socket _listener;
    private readonly string _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private SocketForwarder(Socket listener, string path, string upstream)
    {
        _listener = listener;
        _upstream = upstream;
        Path = path;
        _accepting = AcceptAsync(_stop.Token);
    }

    /// <summary>The socket the step connects to.</summary>
    public string Path { get; }

    /// <summary>Listens on <paramref name="path"/> and forwards to <paramref name="upstream"/>.</summary>
    public static SocketForwarder Start(string path, string upstream)
    {
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(16);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        return new SocketForwarder(listener, path, upstream);
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ForwardAsync(client, cancellationToken);
        }
    }

    private async Task ForwardAsync(Socket client, CancellationToken cancellationToken)
    {
        using (client)
        using (var server = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                await server.ConnectAsync(new UnixDomainSocketEndPoint(_upstream), cancellationToken).ConfigureAwait(false);
                await using var clientStream = new NetworkStream(client, ownsSocket: false);
                await using var serverStream = new NetworkStream(server, ownsSocket: false);
                var up = PumpAsync(clientStream, server, serverStream, cancellationToken);
                var down = PumpAsync(serverStream, client, clientStream, cancellationToken);
                await Task.WhenAll(up, down).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
                // The agent or the step closed its end: nothing to report.
            }
        }
    }

    private static async Task PumpAsync(Stream from, Socket toSocket, Stream to, CancellationToken cancellationToken)
    {
        await from.CopyToAsync(to, cancellationToken).ConfigureAwait(false);
        toSocket.Shutdown(SocketShutdown.Send);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        try
        {
            _accepting.Wait(TimeSpan.FromSeconds(1));
        }
        catch (AggregateException)
        {
            // The accept loop ends on its own errors.
        }

        _stop.Dispose();
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // Its directory goes with the step.
        }
    }
}
