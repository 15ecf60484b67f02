using System.Net;
using System.Text.Json;

namespace Kiln.Distribution.Errors;

/// <summary>Turns a failed HTTP response into a <see cref="RegistryException"/> whose message says what happened and what to do.</summary>
internal static class ErrorResponseParser
{
    private const int MaxErrorBody = 64 << 10;

    /// <summary>Reads the (bounded) body of <paramref name="response"/> and builds the exception for <paramref name="what"/>.</summary>
    public static async Task<RegistryException> CreateAsync(HttpResponseMessage response, string what, string registry, CancellationToken cancellationToken)
    {
        var errors = await ReadErrorsAsync(response, cancellationToken).ConfigureAwait(false);
        return Create(response.StatusCode, errors, what, registry);
    }

    /// <summary>Parses an error body; empty when it is not a distribution error document.</summary>
    public static IReadOnlyList<RegistryError> Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            var parsed = JsonSerializer.Deserialize(body, DistributionJsonContext.Default.ErrorBody);
            return parsed?.Errors?.Where(e => e.Code is not null)
                .Select(e => new RegistryError(e.Code!, e.Message, e.Detail is { ValueKind: not JsonValueKind.Null } d ? d.GetRawText() : null))
                .ToList() ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>Builds the exception for a status and its errors.</summary>
    public static RegistryException Create(HttpStatusCode status, IReadOnlyList<RegistryError> errors, string what, string registry)
    {
        var codes = errors.Count == 0 ? string.Empty : " (" + string.Join("; ", errors.Select(e => e.Message is { Length: > 0 } m ? e.Code + ": " + m : e.Code)) + ")";
        var advice = status switch
        {
            HttpStatusCode.Unauthorized => $"authentication required: run `kiln login {registry}`",
            HttpStatusCode.Forbidden => $"access denied: the credentials for {registry} do not allow this; check the repository name or run `kiln login {registry}` with another account",
            HttpStatusCode.NotFound => "not found",
            HttpStatusCode.TooManyRequests => "the registry is rate limiting requests; wait and try again",
            HttpStatusCode.RequestEntityTooLarge => "the registry refused the size of the upload",
            >= HttpStatusCode.InternalServerError => "the registry failed; try again later",
            _ => "the registry refused the request",
        };
        if (errors.Any(e => e.Code == DistributionErrorCode.Denied) && status != HttpStatusCode.Forbidden)
        {
            advice = $"access denied: run `kiln login {registry}` with an account that may access this repository";
        }

        return new RegistryException($"{what}: {advice} (HTTP {(int)status}){codes}", status, errors);
    }

    private static async Task<IReadOnlyList<RegistryError>> ReadErrorsAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var buffer = new byte[MaxErrorBody];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return Parse(buffer.AsSpan(0, total));
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return [];
        }
    }
}
