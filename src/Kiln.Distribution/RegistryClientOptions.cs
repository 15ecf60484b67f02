using Kiln.Distribution.Auth;
using Kiln.Distribution.Blobs;
using Kiln.Distribution.Http;

namespace Kiln.Distribution;

/// <summary>Everything a <see cref="RegistryClient"/> is configured with: hosts policy, credentials, retries, limits.</summary>
public sealed record RegistryClientOptions
{
    public RegistryHosts Hosts { get; init; } = new();

    /// <summary>Where credentials come from (default: anonymous).</summary>
    public ICredentialProvider Credentials { get; init; } = StaticCredentialProvider.Anonymous;

    public RetryPolicy Retry { get; init; } = new();

    public string UserAgent { get; init; } = "kiln/" + (typeof(RegistryClient).Assembly.GetName().Version?.ToString(3) ?? "0");

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Largest manifest or index accepted (distribution spec suggests registries accept at least 4 MiB).</summary>
    public int MaxManifestSize { get; init; } = 4 << 20;

    public BlobUploadOptions Upload { get; init; } = new();
}
