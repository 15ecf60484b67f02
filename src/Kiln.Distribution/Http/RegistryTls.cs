using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Kiln.Distribution.Http;

/// <summary>
/// The TLS end of the chain: a <see cref="SocketsHttpHandler"/> that trusts the system CAs plus the host's custom CA files
/// (docker's certs.d), presents its client certificates, or skips verification for insecure hosts. Redirects are not
/// followed here (the blob reader follows them so credentials never reach another host), nor is content decompressed.
/// </summary>
internal static class RegistryTls
{
    public static SocketsHttpHandler CreateHandler(RegistryHostPolicy policy)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            UseCookies = false,
            MaxConnectionsPerServer = 16,
        };
        var authorities = LoadCertificates(policy.CaCertificateFiles);
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Validate(policy, authorities, certificate, chain, errors),
        };
        if (policy.ClientCertificateFiles.Count > 0)
        {
            var clients = new X509CertificateCollection();
            foreach (var (cert, key) in policy.ClientCertificateFiles)
            {
                clients.Add(X509Certificate2.CreateFromPemFile(cert, key));
            }

            handler.SslOptions.ClientCertificates = clients;
        }

        return handler;
    }

    private static X509Certificate2Collection LoadCertificates(IReadOnlyList<string> files)
    {
        var collection = new X509Certificate2Collection();
        foreach (var file in files)
        {
            try
            {
                collection.ImportFromPemFile(file);
            }
            catch (System.Security.Cryptography.CryptographicException e)
            {
                throw new InvalidDataException($"{file}: not a PEM certificate ({e.Message})", e);
            }
        }

        return collection;
    }

    private static bool Validate(RegistryHostPolicy policy, X509Certificate2Collection authorities, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (policy.SkipTlsVerify || errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || authorities.Count == 0 || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            // A name mismatch or a missing certificate is never forgiven by a custom CA.
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.CustomTrustStore.AddRange(authorities);
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(leaf);
    }
}
