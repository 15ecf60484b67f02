namespace Kiln.Distribution.Auth;

/// <summary>Gives fixed credentials for every registry (<c>kiln login</c> verifying before it saves; tests).</summary>
public sealed class StaticCredentialProvider(RegistryCredential? credential) : ICredentialProvider
{
    /// <summary>No credentials at all.</summary>
    public static StaticCredentialProvider Anonymous { get; } = new(null);

    public Task<RegistryCredential?> GetAsync(string registry, CancellationToken cancellationToken = default) => Task.FromResult(credential);
}
