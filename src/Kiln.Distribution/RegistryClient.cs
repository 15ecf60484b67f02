using System.Net;
using Kiln.Distribution.Errors;
using Kiln.Distribution.Http;
using Kiln.Oci;

namespace Kiln.Distribution;

/// <summary>
/// The entry point of the OCI distribution client: keeps one connection (handler chain, base URL, token cache) per
/// registry host and opens <see cref="RegistryRepository"/>s on them. Thread-safe; dispose when done.
/// </summary>
public sealed class RegistryClient : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, RegistryConnection> _connections = new(StringComparer.OrdinalIgnoreCase);

    public RegistryClient(RegistryClientOptions? options = null)
    {
        Options = options ?? new RegistryClientOptions();
    }

    public RegistryClientOptions Options { get; }

    /// <summary>Opens the repository <paramref name="name"/> (<c>library/busybox</c>) on <paramref name="registry"/> (<c>host[:port]</c>).</summary>
    public RegistryRepository Repository(string registry, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(registry);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new RegistryRepository(Connection(registry), name, Options);
    }

    /// <summary>Opens the repository a reference names.</summary>
    public RegistryRepository Repository(ImageReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return Repository(reference.Registry, reference.Repository);
    }

    /// <summary>
    /// Checks that the configured credentials are accepted by <paramref name="registry"/>: <c>GET /v2/</c> through the auth
    /// chain (a Bearer registry also issues a token for them). Used by <c>kiln login</c> before it saves anything.
    /// </summary>
    /// <exception cref="RegistryException">The registry cannot be reached or refuses the credentials.</exception>
    public async Task CheckAccessAsync(string registry, CancellationToken cancellationToken = default)
    {
        var connection = Connection(registry);
        using var request = new HttpRequestMessage(HttpMethod.Get, await connection.UriAsync("/v2/", cancellationToken).ConfigureAwait(false));
        using var response = await connection.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            throw await ErrorResponseParser.CreateAsync(response, $"{registry}: login failed, the registry rejected the username or password", registry, cancellationToken).ConfigureAwait(false);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorResponseParser.CreateAsync(response, $"{registry}: GET /v2/", registry, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var connection in _connections.Values)
            {
                connection.Dispose();
            }

            _connections.Clear();
        }
    }

    private RegistryConnection Connection(string registry)
    {
        lock (_lock)
        {
            if (!_connections.TryGetValue(registry, out var connection))
            {
                connection = new RegistryConnection(Options.Hosts.For(registry), Options.Credentials, Options);
                _connections[registry] = connection;
            }

            return connection;
        }
    }
}
