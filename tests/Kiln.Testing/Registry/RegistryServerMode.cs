namespace Kiln.Testing.Registry;

/// <summary>How a test <see cref="RegistryServer"/> is configured.</summary>
public enum RegistryServerMode
{
    /// <summary>Plain HTTP, no auth.</summary>
    Plain,

    /// <summary>Plain HTTP with htpasswd (bcrypt) Basic auth.</summary>
    Basic,

    /// <summary>HTTPS with a self-signed certificate (openssl) and htpasswd Basic auth.</summary>
    Tls,

    /// <summary>Plain HTTP with Bearer token auth issued by a <see cref="TokenServer"/>.</summary>
    Token,
}
