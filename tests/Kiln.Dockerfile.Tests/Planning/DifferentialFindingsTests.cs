using Kiln.Dockerfile.Instructions;
using Kiln.Dockerfile.Planning;
using static Kiln.Dockerfile.Tests.Planning.Plans;

namespace Kiln.Dockerfile.Tests.Planning;

/// <summary>
/// Planner rules found by the differential tests against BuildKit (tests/Kiln.Cli.Tests/Differential): scratch starts
/// with WorkingDir <c>/</c> (BuildKit's <c>emptyImage</c>), and a COPY <c>&lt;&lt;-</c> heredoc loses its leading tabs.
/// </summary>
public sealed class DifferentialFindingsTests
{
    [Fact]
    public void Scratch_has_working_dir_slash_and_the_default_path()
    {
        var stage = Target("FROM scratch\nLABEL a=b\n");
        Assert.Equal("/", stage.Final.WorkingDir);
        Assert.Contains("PATH=" + StageStateBuilder.DefaultPath, stage.Final.Env);
    }

    [Fact]
    public void Copy_heredoc_with_dash_strips_leading_tabs_before_expanding()
    {
        var stage = Target("FROM scratch\nARG T=x\nCOPY <<-EOF /f\n\t\tvalue=$T\n\tnext\n\tEOF\n");
        var copy = (CopyInstruction)stage.Steps[1].Expanded;
        Assert.Equal("value=x\nnext\n", copy.HeredocSources[0].Content);
    }
}
