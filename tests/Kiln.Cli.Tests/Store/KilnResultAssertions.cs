namespace Kiln.Cli.Tests.Store;

/// <summary>Assertions on a <see cref="KilnResult"/> that show the whole run when they fail.</summary>
internal static class KilnResultAssertions
{
    /// <summary>Asserts exit code 0 and returns the result.</summary>
    public static KilnResult AssertSuccess(this KilnResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }
}
