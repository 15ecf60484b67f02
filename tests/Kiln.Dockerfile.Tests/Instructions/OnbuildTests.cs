using Kiln.Dockerfile.Instructions;
using Kiln.Dockerfile.Syntax;
using static Kiln.Dockerfile.Tests.Instructions.TestNodes;

namespace Kiln.Dockerfile.Tests.Instructions;

public class OnbuildTests
{
    [Fact]
    public void Trigger_expression_and_nested_instruction()
    {
        var o = Parse<OnbuildInstruction>("ONBUILD RUN --mount=type=cache,target=/c make");
        Assert.Equal("RUN --mount=type=cache,target=/c make", o.Expression);
        var run = Assert.IsType<RunInstruction>(o.Trigger);
        Assert.IsType<CacheMount>(run.Mounts[0]);
    }

    [Fact]
    public void Prefix_is_removed_case_insensitively()
    {
        Assert.Equal("copy . /app", Parse<OnbuildInstruction>("onbuild   copy . /app").Expression);
    }

    [Fact]
    public void Heredoc_bodies_are_appended_to_the_expression()
    {
        var heredoc = new Heredoc("EOF", "echo hi\n", true, false, 0);
        var o = Parse<OnbuildInstruction>("ONBUILD RUN <<EOF\necho hi\nEOF", heredocs: [heredoc]);
        Assert.Equal("RUN <<EOF\necho hi\nEOF", o.Expression);
    }

    [Theory]
    [InlineData("ONBUILD FROM alpine", "FROM isn't allowed as an ONBUILD trigger")]
    [InlineData("ONBUILD maintainer me", "MAINTAINER isn't allowed as an ONBUILD trigger")]
    [InlineData("ONBUILD ONBUILD RUN x", "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed")]
    public void Forbidden_triggers_point_at_the_trigger_keyword(string text, string message)
    {
        Fails(text, InstructionErrorIds.OnbuildTrigger, message, 1, 9);
    }

    [Fact]
    public void Nested_instruction_is_validated()
    {
        Fails("ONBUILD RUNN x", InstructionErrorIds.UnknownInstruction, "unknown instruction: RUNN (did you mean RUN?)", 1, 9);
        Fails("ONBUILD COPY --frm=a x y", InstructionErrorIds.UnknownFlag, "unknown flag: --frm (did you mean --from?)", 1, 14);
    }

    [Fact]
    public void Onbuild_requires_a_trigger()
    {
        Fails("ONBUILD", InstructionErrorIds.ArgumentCount, "ONBUILD requires at least one argument", 1, 1);
    }
}
