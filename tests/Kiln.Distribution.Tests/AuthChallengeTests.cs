using Kiln.Distribution.Auth;

namespace Kiln.Distribution.Tests;

public sealed class AuthChallengeTests
{
    [Fact]
    public void Parses_a_bearer_challenge_with_all_parameters()
    {
        var challenge = AuthChallenge.Parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/busybox:pull\",error=\"insufficient_scope\"");
        Assert.NotNull(challenge);
        Assert.True(challenge.IsBearer);
        Assert.Equal("https://auth.docker.io/token", challenge.Realm);
        Assert.Equal("registry.docker.io", challenge.Service);
        Assert.Equal("repository:library/busybox:pull", challenge.Scope);
        Assert.Equal("insufficient_scope", challenge.Error);
    }

    [Fact]
    public void Parses_basic_and_prefers_bearer_among_several()
    {
        var basic = AuthChallenge.Parse("Basic realm=\"kiln-test\"");
        Assert.True(basic!.IsBasic);
        Assert.Equal("kiln-test", basic.Realm);

        var both = AuthChallenge.Parse("Basic realm=\"a\", Bearer realm=\"https://t/token\",service=\"s\"");
        Assert.True(both!.IsBearer);
        Assert.Equal("https://t/token", both.Realm);
        Assert.Equal("s", both.Service);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Negotiate")]
    public void Unknown_or_missing_challenges_give_null(string? header) => Assert.Null(AuthChallenge.Parse(header));

    [Fact]
    public void Quoted_values_keep_commas_and_escapes()
    {
        var challenge = AuthChallenge.Parse("Bearer realm=\"https://t/token\",scope=\"repository:a:pull,push repository:b:pull\",service=\"x \\\"y\\\"\"");
        Assert.Equal("repository:a:pull,push repository:b:pull", challenge!.Scope);
        Assert.Equal("x \"y\"", challenge.Service);
    }
}
