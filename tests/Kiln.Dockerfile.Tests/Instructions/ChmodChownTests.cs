using Kiln.Dockerfile.Instructions;

namespace Kiln.Dockerfile.Tests.Instructions;

public class ChmodChownTests
{
    private static uint Oct(string s) => Convert.ToUInt32(s, 8);

    [Theory]
    [InlineData("0", "0")]
    [InlineData("755", "755")]
    [InlineData("0644", "644")]
    [InlineData("07777", "7777")]
    public void Octal_modes(string value, string expected)
    {
        Assert.True(ChmodSpec.TryParse(value, out var spec, out var error));
        Assert.Null(error);
        Assert.Equal(Oct(expected), spec.Octal);
        Assert.False(spec.IsSymbolic);
        Assert.Equal(Oct(expected), spec.Apply(Oct("600"), false));
    }

    [Theory]
    [InlineData("")]
    [InlineData("8")]
    [InlineData("10000")]
    [InlineData("0x1")]
    [InlineData("u")]
    [InlineData("u+q")]
    [InlineData("x+r")]
    [InlineData("u+x,")]
    [InlineData("+x,,g+w")]
    public void Invalid_modes(string value)
    {
        Assert.False(ChmodSpec.TryParse(value, out _, out var error));
        Assert.StartsWith($"invalid chmod parameter {value}.", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+x", "644", false, "755")]
    [InlineData("u+x", "644", false, "744")]
    [InlineData("go-w", "666", false, "644")]
    [InlineData("u=rwX,go=rX", "600", false, "644")]
    [InlineData("u=rwX,go=rX", "700", false, "755")]
    [InlineData("u=rwX,go=rX", "600", true, "755")]
    [InlineData("g=u", "640", false, "660")]
    [InlineData("o=g", "750", false, "755")]
    [InlineData("a=r", "777", false, "444")]
    [InlineData("u+s", "755", false, "4755")]
    [InlineData("+t", "777", true, "1777")]
    [InlineData("u+x-w", "644", false, "544")]
    [InlineData("=", "777", false, "0")]
    public void Symbolic_modes(string value, string current, bool isDirectory, string expected)
    {
        Assert.True(ChmodSpec.TryParse(value, out var spec, out _));
        Assert.True(spec.IsSymbolic);
        Assert.Equal(Oct(expected), spec.Apply(Oct(current), isDirectory));
    }

    [Theory]
    [InlineData("app", "app", null, null, null)]
    [InlineData("1000", "1000", null, 1000u, null)]
    [InlineData("1000:50", "1000", "50", 1000u, 50u)]
    [InlineData("app:staff", "app", "staff", null, null)]
    public void Chown_specs(string value, string user, string? group, uint? uid, uint? gid)
    {
        Assert.True(ChownSpec.TryParse(value, out var spec, out _));
        Assert.Equal(user, spec.User);
        Assert.Equal(group, spec.Group);
        Assert.Equal(uid, spec.UserId);
        Assert.Equal(gid, spec.GroupId);
        Assert.Equal(value, spec.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData(":staff")]
    [InlineData("app:")]
    [InlineData("a:b:c")]
    public void Invalid_chown(string value)
    {
        Assert.False(ChownSpec.TryParse(value, out _, out var error));
        Assert.NotNull(error);
    }
}
