namespace Kiln.Distribution.Http;

/// <summary>
/// How Kiln connects to registry hosts: which are insecure (TLS not verified, plain HTTP allowed), which speak plain HTTP
/// only, where custom CA certificates live (docker's <c>/etc/docker/certs.d/&lt;host[:port]&gt;/*.crt</c> layout, or one
/// <c>--cert-dir</c> for every host) and whether <c>localhost</c> falls back to HTTP as docker does. See docs/registries.md.
/// </summary>
public sealed record RegistryHosts
{
    /// <summary>The certificate roots searched per host by default (docker's, then podman's).</summary>
    public static IReadOnlyList<string> DefaultCertRoots { get; } = ["/etc/docker/certs.d", "/etc/containers/certs.d"];

    /// <summary>Hosts (<c>host[:port]</c>) whose TLS certificate is not verified and which may be reached over plain HTTP.</summary>
    public IReadOnlySet<string> InsecureHosts { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Hosts reached over plain HTTP only.</summary>
    public IReadOnlySet<string> PlainHttpHosts { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Directories holding one <c>&lt;host[:port]&gt;</c> folder each with <c>*.crt</c> CAs and <c>*.cert</c>/<c>*.key</c> client pairs.</summary>
    public IReadOnlyList<string> CertRoots { get; init; } = DefaultCertRoots;

    /// <summary>A directory of <c>*.crt</c> (and client <c>*.cert</c>/<c>*.key</c>) used for every host instead of <see cref="CertRoots"/> (<c>--cert-dir</c>).</summary>
    public string? CertDirectory { get; init; }

    /// <summary>False (<c>--tls-verify=false</c>) treats every host as insecure.</summary>
    public bool TlsVerify { get; init; } = true;

    /// <summary>Loopback hosts try HTTPS, then plain HTTP (docker's behaviour for <c>localhost</c>).</summary>
    public bool LoopbackHttpFallback { get; init; } = true;

    /// <summary>The connection policy for <paramref name="host"/> (<c>host[:port]</c> as in image references).</summary>
    public RegistryHostPolicy For(string host)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        var hostName = HostName(host);
        var insecure = !TlsVerify || InsecureHosts.Contains(host) || InsecureHosts.Contains(hostName);
        var plain = PlainHttpHosts.Contains(host) || PlainHttpHosts.Contains(hostName);
        var loopback = hostName is "localhost" or "127.0.0.1" or "::1" or "[::1]" || hostName.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
        var directories = CertDirectory is { } single
            ? [single]
            : CertRoots.SelectMany(root => new[] { Path.Combine(root, host), Path.Combine(root, host.Replace(':', '_')) }).Distinct().ToList();
        var caFiles = new List<string>();
        var clientPairs = new List<(string Cert, string Key)>();
        foreach (var directory in directories.Where(Directory.Exists))
        {
            caFiles.AddRange(Directory.GetFiles(directory, "*.crt").Order(StringComparer.Ordinal));
            foreach (var cert in Directory.GetFiles(directory, "*.cert").Order(StringComparer.Ordinal))
            {
                var key = Path.ChangeExtension(cert, ".key");
                if (File.Exists(key))
                {
                    clientPairs.Add((cert, key));
                }
            }
        }

        return new RegistryHostPolicy(host, ApiHost(host))
        {
            SkipTlsVerify = insecure,
            HttpOnly = plain,
            AllowHttpFallback = plain || insecure || (loopback && LoopbackHttpFallback),
            CaCertificateFiles = caFiles,
            ClientCertificateFiles = clientPairs,
        };
    }

    /// <summary>The host that serves the API for a registry name: Docker Hub's <c>docker.io</c> is <c>registry-1.docker.io</c>.</summary>
    public static string ApiHost(string registry) =>
        registry is "docker.io" or "index.docker.io" ? "registry-1.docker.io" : registry;

    /// <summary>The key credentials are stored under in docker's config.json: <c>https://index.docker.io/v1/</c> for Docker Hub, else the host.</summary>
    public static string CredentialKey(string registry) =>
        registry is "docker.io" or "index.docker.io" or "registry-1.docker.io" ? "https://index.docker.io/v1/" : registry;

    private static string HostName(string host)
    {
        if (host.StartsWith('['))
        {
            var end = host.IndexOf(']', StringComparison.Ordinal);
            return end > 0 ? host[..(end + 1)] : host;
        }

        var colon = host.LastIndexOf(':');
        return colon > 0 && host.IndexOf(':', StringComparison.Ordinal) == colon ? host[..colon] : host;
    }
}
