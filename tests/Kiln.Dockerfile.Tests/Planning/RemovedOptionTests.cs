using Kiln.Dockerfile.Planning;
using static Kiln.Dockerfile.Tests.Planning.Plans;

namespace Kiln.Dockerfile.Tests.Planning;

/// <summary>DF-PARG-REMOVED: build options BuildKit removed are refused with its message.</summary>
public sealed class RemovedOptionTests
{
    [Theory]
    [InlineData("true")]
    [InlineData("1")]
    [InlineData("T")]
    public void Disable_fileop_true_is_refused(string value)
    {
        var request = new BuildRequest { BuildArgs = new Dictionary<string, string> { ["BUILDKIT_DISABLE_FILEOP"] = value } };
        var ex = PlanError("FROM scratch\n", request);
        Assert.Equal(PlanningErrorIds.RemovedOption, ex.Diagnostic.Id);
        Assert.Equal("support for \"BUILDKIT_DISABLE_FILEOP\" build-arg was removed in BuildKit 0.11", ex.Diagnostic.Message);
    }

    [Theory]
    [InlineData("false")]
    [InlineData("banana")]
    public void Disable_fileop_false_or_not_a_bool_is_ignored(string value)
    {
        var request = new BuildRequest { BuildArgs = new Dictionary<string, string> { ["BUILDKIT_DISABLE_FILEOP"] = value } };
        Assert.Single(Plan("FROM scratch\n", request).Stages);
    }
}
