namespace Kiln.Build.Cache.Sharing;

/// <summary>A manifest as an <see cref="ICacheStorage"/> returned it: the media type it was stored or served with (may be null) and its bytes.</summary>
public sealed record CacheManifestContent(string? MediaType, ReadOnlyMemory<byte> Bytes);
