using Kiln.Storage.Errors;

namespace Kiln.Storage.Tests;

public sealed class StoreLocationTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] values) =>
        key => values.FirstOrDefault(v => v.Key == key).Value;

    [Fact]
    public void RootOverrideWins() =>
        Assert.Equal("/srv/kiln", StoreLocation.Resolve("/srv/kiln/", runningAsRoot: true, Env(("HOME", "/root"))));

    [Fact]
    public void RootUsesVarLib() =>
        Assert.Equal("/var/lib/kiln", StoreLocation.Resolve(null, runningAsRoot: true, Env(("XDG_DATA_HOME", "/x"))));

    [Fact]
    public void UserUsesXdgDataHome() =>
        Assert.Equal("/data/me/kiln", StoreLocation.Resolve(null, runningAsRoot: false, Env(("XDG_DATA_HOME", "/data/me/"), ("HOME", "/home/me"))));

    [Fact]
    public void UserFallsBackToLocalShare()
    {
        Assert.Equal("/home/me/.local/share/kiln", StoreLocation.Resolve(null, runningAsRoot: false, Env(("HOME", "/home/me"))));
        Assert.Equal("/home/me/.local/share/kiln", StoreLocation.Resolve(null, runningAsRoot: false, Env(("XDG_DATA_HOME", "relative"), ("HOME", "/home/me"))));
    }

    [Fact]
    public void NoHomeIsAClearError()
    {
        var e = Assert.Throws<StoreConfigurationException>(() => StoreLocation.Resolve(null, runningAsRoot: false, Env()));
        Assert.Contains("--root", e.Message, StringComparison.Ordinal);
    }
}
