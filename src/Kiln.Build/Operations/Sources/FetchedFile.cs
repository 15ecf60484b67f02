using Kiln.Oci;

namespace Kiln.Build.Operations.Sources;

/// <summary>
/// A file downloaded for <c>ADD &lt;url&gt;</c> (DF-ADD-URL): where it is on disk (mode 0600, mtime from
/// <c>Last-Modified</c> or the Unix epoch), the name it takes when the destination is a directory, the server's
/// <c>Last-Modified</c> (null when absent or unparsable), and the SHA-256 of its content and its size for the cache key.
/// </summary>
public sealed record FetchedFile(string Path, string FileName, DateTimeOffset? LastModified, Digest ContentDigest, long Size);
