namespace Kiln.Distribution.Auth;

/// <summary>Finds the credentials for a registry (<c>host[:port]</c>, or <c>docker.io</c>); null means anonymous.</summary>
public interface ICredentialProvider
{
    Task<RegistryCredential?> GetAsync(string registry, CancellationToken cancellationToken = default);
}
