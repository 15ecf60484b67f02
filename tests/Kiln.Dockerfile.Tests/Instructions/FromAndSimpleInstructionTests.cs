using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Instructions;
using static Kiln.Dockerfile.Tests.Instructions.TestNodes;

namespace Kiln.Dockerfile.Tests.Instructions;

public class FromAndSimpleInstructionTests
{
    [Fact]
    public void Unknown_instruction_suggests_and_points_at_keyword()
    {
        var d = Fails("FROM a\n  RUNN echo", InstructionErrorIds.UnknownInstruction, "unknown instruction: RUNN (did you mean RUN?)", 2, 3, startLine: 2);
        Assert.Equal("did you mean RUN?", d.Suggestion);
        Assert.Equal(new SourcePosition(2, 6), d.Range!.Value.End);
    }

    [Fact]
    public void Unknown_instruction_is_upper_cased_and_may_have_no_suggestion()
    {
        var d = Fails("foobarbaz x", InstructionErrorIds.UnknownInstruction, "unknown instruction: FOOBARBAZ", 1, 1);
        Assert.Null(d.Suggestion);
    }

    [Fact]
    public void Keywords_are_case_insensitive_and_kept_as_written()
    {
        var from = Parse<FromInstruction>("from alpine");
        Assert.Equal("from", from.Keyword);
        Assert.Equal("FROM", from.Name);
        Assert.Equal(FilePath, from.FilePath);
        Assert.Equal(SourceRange.OnLine(1, 1, 4), from.KeywordRange);
    }

    [Fact]
    public void From_with_stage_name_and_platform()
    {
        var from = Parse<FromInstruction>("FROM --platform=$BUILDPLATFORM golang:1.22 as Build-Env");
        Assert.Equal("golang:1.22", from.BaseName);
        Assert.Equal("build-env", from.StageName);
        Assert.Equal("Build-Env", from.StageNameAsWritten);
        Assert.Equal("$BUILDPLATFORM", from.Platform);
    }

    [Fact]
    public void From_without_stage()
    {
        var from = Parse<FromInstruction>("FROM scratch");
        Assert.Null(from.StageName);
        Assert.Null(from.Platform);
    }

    [Theory]
    [InlineData("FROM")]
    [InlineData("FROM a b")]
    [InlineData("FROM a AS")]
    [InlineData("FROM a FOO b")]
    [InlineData("FROM a AS b c")]
    public void From_argument_count(string text)
    {
        Fails(text, InstructionErrorIds.InvalidStageName, "FROM requires either one or three arguments", 1, 1);
    }

    [Theory]
    [InlineData("1stage")]
    [InlineData("my$stage")]
    [InlineData("-x")]
    [InlineData("a/b")]
    public void From_invalid_stage_name_points_at_the_name(string name)
    {
        Fails($"FROM alpine AS {name}", InstructionErrorIds.InvalidStageName,
            $"invalid name for build stage: \"{name}\", name can't start with a number or contain symbols", 1, 16);
    }

    [Theory]
    [InlineData("a.b_c-d9")]
    [InlineData("X")]
    public void From_valid_stage_names(string name)
    {
        Assert.Equal(name.ToLowerInvariant(), Parse<FromInstruction>($"FROM alpine AS {name}").StageName);
    }

    [Fact]
    public void From_rejects_other_flags()
    {
        Fails("FROM --platfrm=linux/amd64 alpine", InstructionErrorIds.UnknownFlag, "unknown flag: --platfrm (did you mean --platform?)", 1, 6);
    }

    [Fact]
    public void Env_pairs_and_legacy_form()
    {
        var env = Parse<EnvInstruction>("ENV a=1 b=\"xy\"");
        Assert.False(env.IsLegacyForm);
        Assert.Equal([KeyValuePair.Create("a", "1"), KeyValuePair.Create("b", "\"xy\"")], env.Pairs);

        var legacy = Parse<EnvInstruction>("ENV PATH /usr/bin:/bin  more");
        Assert.True(legacy.IsLegacyForm);
        Assert.Equal([KeyValuePair.Create("PATH", "/usr/bin:/bin  more")], legacy.Pairs);
    }

    [Fact]
    public void Env_and_label_errors()
    {
        Fails("ENV", InstructionErrorIds.ArgumentCount, "ENV requires at least one argument", 1, 1);
        Fails("LABEL", InstructionErrorIds.ArgumentCount, "LABEL requires at least one argument", 1, 1);
        Fails("ENV =x", InstructionErrorIds.BlankName, "ENV names can not be blank", 1, 1);
        Fails("LABEL =x", InstructionErrorIds.BlankName, "LABEL names can not be blank", 1, 1);
    }

    [Fact]
    public void Label_pairs()
    {
        var label = Parse<LabelInstruction>("LABEL org.opencontainers.image.title=kiln version=1");
        Assert.Equal(2, label.Pairs.Count);
        Assert.Equal("org.opencontainers.image.title", label.Pairs[0].Key);
        Assert.Equal("1", label.Pairs[1].Value);
        Assert.True(Parse<LabelInstruction>("LABEL key some value").IsLegacyForm);
    }

    [Fact]
    public void Single_argument_instructions()
    {
        Assert.Equal("Jane <j@x>", Parse<MaintainerInstruction>("MAINTAINER Jane <j@x>").Maintainer);
        Assert.Equal("app:staff", Parse<UserInstruction>("USER app:staff").User);
        Assert.Equal("/src dir", Parse<WorkdirInstruction>("WORKDIR /src dir").Path);
        Fails("MAINTAINER", InstructionErrorIds.ArgumentCount, "MAINTAINER requires exactly one argument", 1, 1);
        Fails("USER", InstructionErrorIds.ArgumentCount, "USER requires exactly one argument", 1, 1);
        Fails("WORKDIR", InstructionErrorIds.ArgumentCount, "WORKDIR requires exactly one argument", 1, 1);
        Fails("STOPSIGNAL", InstructionErrorIds.ArgumentCount, "STOPSIGNAL requires exactly one argument", 1, 1);
    }

    [Fact]
    public void Expose_keeps_raw_words()
    {
        Assert.Equal(["80/tcp", "443", "$PORTS"], Parse<ExposeInstruction>("EXPOSE 80/tcp 443 $PORTS").Ports);
        Fails("EXPOSE", InstructionErrorIds.ArgumentCount, "EXPOSE requires at least one argument", 1, 1);
    }

    [Fact]
    public void Volume_forms_and_errors()
    {
        Assert.Equal(["/a", "/b"], Parse<VolumeInstruction>("VOLUME /a /b").Paths);
        Assert.Equal(["/data"], Parse<VolumeInstruction>("VOLUME [\"/data\"]").Paths);
        Fails("VOLUME", InstructionErrorIds.ArgumentCount, "VOLUME requires at least one argument", 1, 1);
        Fails("VOLUME [\"/a\", \" \"]", InstructionErrorIds.EmptyVolume, "VOLUME specified can not be an empty string", 1, 1);
    }

    [Fact]
    public void Arg_definitions_keep_quotes_raw()
    {
        var arg = Parse<ArgInstruction>("ARG a b=\"1 c= d=x=y");
        Assert.Equal(
            [new ArgDefinition("a", null), new ArgDefinition("b", "\"1"), new ArgDefinition("c", string.Empty), new ArgDefinition("d", "x=y")],
            arg.Args);
    }

    [Fact]
    public void Arg_errors()
    {
        Fails("ARG", InstructionErrorIds.ArgumentCount, "ARG requires at least one argument", 1, 1);
        Fails("ARG ok =v", InstructionErrorIds.BlankName, "ARG names can not be blank", 1, 8);
    }

    [Theory]
    [InlineData("SIGTERM", 15)]
    [InlineData("term", 15)]
    [InlineData("SIGKILL", 9)]
    [InlineData("9", 9)]
    [InlineData("SIGRTMIN+3", 37)]
    [InlineData("RTMAX-1", 63)]
    [InlineData("sigwinch", 28)]
    public void Stopsignal_valid(string signal, int number)
    {
        var s = Parse<StopSignalInstruction>($"STOPSIGNAL {signal}");
        Assert.Equal(signal, s.Signal);
        Assert.Equal(number, s.SignalNumber);
    }

    [Theory]
    [InlineData("SIGFOO")]
    [InlineData("0")]
    [InlineData("TERM2")]
    public void Stopsignal_invalid_points_at_value(string signal)
    {
        Fails($"STOPSIGNAL {signal}", InstructionErrorIds.InvalidSignal, $"invalid signal: {signal}", 1, 12);
    }

    [Fact]
    public void Stopsignal_with_variable_is_validated_after_expansion()
    {
        var s = Parse<StopSignalInstruction>("STOPSIGNAL $SIG");
        Assert.Null(s.SignalNumber);
        var ok = s.Expand(new FakeExpander(new() { ["$SIG"] = "SIGQUIT" }));
        Assert.Equal("SIGQUIT", ok.Signal);
        Assert.Equal(3, ok.SignalNumber);

        var ex = Assert.Throws<DockerfileException>(() => s.Expand(new FakeExpander(new() { ["$SIG"] = "NOPE" })));
        Assert.Equal("invalid signal: NOPE", ex.Message);
        Assert.Equal(InstructionErrorIds.InvalidSignal, ex.Diagnostic.Id);
        Assert.Equal(new SourcePosition(1, 1), ex.Diagnostic.Range!.Value.Start);
    }

    [Fact]
    public void Parse_all_parses_in_order()
    {
        var source = new SourceFile(FilePath, "FROM a\nRUN x\n");
        var nodes = new[] { Node(source.Text, 1).Node, Node(source.Text, 2).Node };
        var syntax = new Kiln.Dockerfile.Syntax.DockerfileSyntax
        {
            Source = source,
            Directives = new Kiln.Dockerfile.Syntax.ParserDirectives(),
            Instructions = nodes,
            Range = SourceRange.Lines(1, 2),
        };
        var all = new InstructionParser().ParseAll(syntax);
        Assert.IsType<FromInstruction>(all[0]);
        Assert.IsType<RunInstruction>(all[1]);
    }
}
