using Kiln.Dockerfile.Shell;

namespace Kiln.Dockerfile.Tests.Shell;

/// <summary>Environment construction and lookup rules (README §7 additional facts, DF-VAR-WIN-CASE).</summary>
public sealed class ShellEnvironmentTests
{
    [Fact]
    public void Later_assignment_wins_and_bare_name_is_set_empty()
    {
        var env = ShellEnvironment.FromAssignments(["A=1", "B", "A=2", "C=x=y"]);
        Assert.True(env.TryGet("A", out var a));
        Assert.Equal("2", a);
        Assert.True(env.TryGet("B", out var b));
        Assert.Equal(string.Empty, b);
        Assert.True(env.TryGet("C", out var c));
        Assert.Equal("x=y", c);
        Assert.False(env.TryGet("D", out _));
        Assert.Equal(["A=2", "B=", "C=x=y"], env.ToAssignments());
    }

    [Fact]
    public void Names_are_case_sensitive_unless_asked()
    {
        var posix = ShellEnvironment.FromAssignments(["Path=/bin"]);
        Assert.False(posix.TryGet("PATH", out _));
        var windows = ShellEnvironment.FromAssignments(["Path=/bin", "PATH=/usr/bin"], caseInsensitive: true);
        Assert.Equal(1, windows.Count);
        Assert.True(windows.TryGet("path", out var value));
        Assert.Equal("/usr/bin", value);
    }

    [Fact]
    public void Clone_is_independent()
    {
        var env = ShellEnvironment.FromPairs([new("A", "1")]);
        var copy = env.Clone();
        copy.Set("A", "2");
        copy.Set("B", "3");
        Assert.True(env.TryGet("A", out var a));
        Assert.Equal("1", a);
        Assert.False(env.Contains("B"));
        Assert.Equal(2, copy.Entries.Count);
    }
}
