namespace Kiln.Build.Cache.Sharing;

/// <summary>
/// A user-facing error about importing or exporting a build cache (CLI-CACHE-FROM, CLI-CACHE-TO): a malformed
/// <c>--cache-from</c>/<c>--cache-to</c> value, a transport Kiln cannot use, or a cache source whose manifest or config is
/// not a valid Kiln cache. The message names the value or the source. <see cref="Id"/> is stable.
/// </summary>
public sealed class CacheSharingException : Exception
{
    /// <summary>The value cannot be parsed or names an unknown type, key or attribute value.</summary>
    public const string InvalidSpecId = "KILN2301";

    /// <summary>The value is valid but Kiln cannot use that transport (registry without the registry client).</summary>
    public const string UnsupportedId = "KILN2302";

    /// <summary>The cache source holds a manifest or config that is not a valid Kiln cache.</summary>
    public const string MalformedId = "KILN2303";

    /// <summary>Writing the cache failed (a destination that cannot be written).</summary>
    public const string ExportFailedId = "KILN2304";

    public CacheSharingException(string id, string message)
        : base(message)
    {
        Id = id;
    }

    public CacheSharingException(string id, string message, Exception innerException)
        : base(message, innerException)
    {
        Id = id;
    }

    public CacheSharingException()
        : this(InvalidSpecId, "invalid cache value")
    {
    }

    public CacheSharingException(string message)
        : this(InvalidSpecId, message)
    {
    }

    public CacheSharingException(string message, Exception innerException)
        : this(InvalidSpecId, message, innerException)
    {
    }

    /// <summary>The stable error id (<c>KILN23xx</c>).</summary>
    public string Id { get; }
}
