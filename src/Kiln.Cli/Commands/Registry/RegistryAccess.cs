using System.CommandLine;
using Kiln.Distribution;
using Kiln.Distribution.Auth;
using Kiln.Distribution.Http;

namespace Kiln.Cli.Commands.Registry;

/// <summary>
/// The connection options the registry commands share (<c>--tls-verify</c>, <c>--cert-dir</c>) and how a
/// <see cref="RegistryClient"/> is made from them, the registries config file (docs/registries.md) and docker's config.json.
/// </summary>
internal sealed class RegistryAccess(Func<string, string?> environment)
{
    public Option<bool> TlsVerify { get; } = new("--tls-verify")
    {
        Description = "Verify the registry's TLS certificate (--tls-verify=false also allows plain HTTP)",
        DefaultValueFactory = _ => true,
    };

    public Option<string?> CertDirectory { get; } = new("--cert-dir")
    {
        Description = "Directory of *.crt CA certificates (and *.cert/*.key client pairs) for the registry",
    };

    public Func<string, string?> Environment => environment;

    /// <summary>The credentials in docker's config (<c>$DOCKER_CONFIG/config.json</c> or <c>~/.docker/config.json</c>).</summary>
    public DockerConfigCredentialProvider Credentials => new(environment);

    /// <summary>Adds the shared options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Add(TlsVerify);
        command.Add(CertDirectory);
    }

    /// <summary>A client for a parsed command line; <paramref name="credentials"/> replaces the docker config's (login).</summary>
    public async Task<RegistryClient> CreateClientAsync(ParseResult result, ICredentialProvider? credentials, CancellationToken cancellationToken)
    {
        var hosts = await RegistriesConfig.LoadAsync(environment, cancellationToken).ConfigureAwait(false);
        hosts = hosts with
        {
            TlsVerify = result.GetValue(TlsVerify),
            CertDirectory = result.GetValue(CertDirectory) is { Length: > 0 } directory ? Path.GetFullPath(directory) : hosts.CertDirectory,
        };
        return new RegistryClient(new RegistryClientOptions { Hosts = hosts, Credentials = credentials ?? Credentials });
    }

    /// <summary>
    /// A registry argument as docker accepts it (<c>host:port</c>, <c>https://host/v1/</c>, <c>docker.io</c>) reduced to the
    /// registry name references use.
    /// </summary>
    public static string NormalizeRegistry(string? argument)
    {
        if (string.IsNullOrWhiteSpace(argument))
        {
            return "docker.io";
        }

        var text = argument.Trim();
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            text = text[(scheme + 3)..];
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            text = text[..slash];
        }

        return text.ToLowerInvariant() is "index.docker.io" or "registry-1.docker.io" or "docker.io" ? "docker.io" : text;
    }
}
