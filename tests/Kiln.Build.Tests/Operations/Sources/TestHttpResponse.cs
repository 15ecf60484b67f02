namespace Kiln.Build.Tests.Operations.Sources;

/// <summary>What <see cref="TestHttpServer"/> answers on one path.</summary>
internal sealed record TestHttpResponse(int Status, byte[] Body)
{
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Send the headers and this many body bytes, then stall (never finish) until the client goes away.</summary>
    public int? StallAfter { get; init; }

    /// <summary>Declare this Content-Length but close the connection after the body (a truncated download).</summary>
    public long? DeclaredLength { get; init; }

    public static TestHttpResponse Ok(byte[] body, params KeyValuePair<string, string>[] headers) => new(200, body) { Headers = headers };
}
