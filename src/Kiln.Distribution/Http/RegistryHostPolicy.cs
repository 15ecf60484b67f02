namespace Kiln.Distribution.Http;

/// <summary>The resolved connection policy for one registry: API host, TLS verification, HTTP fallback, CA and client certificate files.</summary>
public sealed record RegistryHostPolicy(string Registry, string ApiHost)
{
    /// <summary>Accept any server certificate (insecure registry or <c>--tls-verify=false</c>).</summary>
    public bool SkipTlsVerify { get; init; }

    /// <summary>Speak plain HTTP only.</summary>
    public bool HttpOnly { get; init; }

    /// <summary>Try HTTPS first and fall back to plain HTTP when the TLS connection fails.</summary>
    public bool AllowHttpFallback { get; init; }

    /// <summary>Extra trusted CA certificates (PEM) for this host.</summary>
    public IReadOnlyList<string> CaCertificateFiles { get; init; } = [];

    /// <summary>Client certificate and key pairs (PEM) presented to this host.</summary>
    public IReadOnlyList<(string Cert, string Key)> ClientCertificateFiles { get; init; } = [];
}
