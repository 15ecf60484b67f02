using System.Net;
using Kiln.Distribution.Errors;

namespace Kiln.Distribution.Tests;

public sealed class ErrorResponseParserTests
{
    [Fact]
    public void Parses_codes_messages_and_details()
    {
        var errors = ErrorResponseParser.Parse("""{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"x"}},{"code":"DENIED","message":"no"}]}"""u8);
        Assert.Equal(2, errors.Count);
        Assert.Equal(DistributionErrorCode.ManifestUnknown, errors[0].Code);
        Assert.Equal("{\"Tag\":\"x\"}", errors[0].Detail);
        Assert.Null(errors[1].Detail);
        Assert.Empty(ErrorResponseParser.Parse("<html>bad gateway</html>"u8));
    }

    [Fact]
    public void Messages_say_what_to_do()
    {
        var unauthorized = ErrorResponseParser.Create(HttpStatusCode.Unauthorized, [new RegistryError(DistributionErrorCode.Unauthorized, "authentication required", null)], "pulling r/x:1", "r:5000");
        Assert.Contains("run `kiln login r:5000`", unauthorized.Message, StringComparison.Ordinal);
        Assert.Contains("UNAUTHORIZED", unauthorized.Message, StringComparison.Ordinal);
        Assert.True(unauthorized.IsAuthFailure);

        var missing = ErrorResponseParser.Create(HttpStatusCode.NotFound, [new RegistryError(DistributionErrorCode.ManifestUnknown, null, null)], "r/x:1", "r");
        Assert.True(missing.IsNotFound);
        Assert.True(missing.HasCode(DistributionErrorCode.ManifestUnknown));
    }
}
