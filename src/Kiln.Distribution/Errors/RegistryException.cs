using System.Net;

namespace Kiln.Distribution.Errors;

/// <summary>
/// A registry operation failed: the HTTP status, the distribution error codes from the body (when any) and a message
/// that says what to do. Never carries credentials or tokens.
/// </summary>
public class RegistryException : IOException
{
    public RegistryException(string message, HttpStatusCode? statusCode = null, IReadOnlyList<RegistryError>? errors = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        Errors = errors ?? [];
    }

    /// <summary>The HTTP status of the failed response, when there was one.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The distribution errors parsed from the response body.</summary>
    public IReadOnlyList<RegistryError> Errors { get; }

    /// <summary>True when the body carried <paramref name="code"/>.</summary>
    public bool HasCode(string code) => Errors.Any(e => string.Equals(e.Code, code, StringComparison.OrdinalIgnoreCase));

    /// <summary>True for "not found" answers (404, <c>*_UNKNOWN</c> codes).</summary>
    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound
        || HasCode(DistributionErrorCode.ManifestUnknown) || HasCode(DistributionErrorCode.BlobUnknown) || HasCode(DistributionErrorCode.NameUnknown);

    /// <summary>True for authentication or authorization failures (401, 403).</summary>
    public bool IsAuthFailure => StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
}
