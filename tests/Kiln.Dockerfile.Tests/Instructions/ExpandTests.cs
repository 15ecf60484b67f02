using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Instructions;
using static Kiln.Dockerfile.Tests.Instructions.TestNodes;

namespace Kiln.Dockerfile.Tests.Instructions;

/// <summary>Expand() copies expand exactly the parts BuildKit expands (DF-VAR-WHERE, DF-VAR-NOT, DF-VAR-FLAGS).</summary>
public class ExpandTests
{
    [Fact]
    public void From_expands_base_and_platform_not_stage_name()
    {
        var e = new FakeExpander();
        var from = Parse<FromInstruction>("FROM --platform=$P img:$V AS base").Expand(e);
        Assert.Equal("X(img:$V)", from.BaseName);
        Assert.Equal("X($P)", from.Platform);
        Assert.Equal("base", from.StageName);
        Assert.Equal(["img:$V", "$P"], e.Calls);
    }

    [Fact]
    public void From_with_blank_expanded_base_is_an_error()
    {
        var ex = Assert.Throws<DockerfileException>(() =>
            Parse<FromInstruction>("FROM $IMG").Expand(new FakeExpander(new() { ["$IMG"] = string.Empty })));
        Assert.Equal("base name ($IMG) should not be blank", ex.Message);
    }

    [Fact]
    public void Copy_expands_sources_dest_chown_chmod_but_not_from_or_exclude()
    {
        var e = new FakeExpander(new() { ["$M"] = "755" });
        var copy = Parse<CopyInstruction>("COPY --from=build --chown=$U --chmod=$M --exclude=$E $A b /d").Expand(e);
        Assert.Equal(["X($A)", "X(b)"], copy.Sources);
        Assert.Equal("X(/d)", copy.Destination);
        Assert.Equal("X($U)", copy.Chown);
        Assert.Equal("755", copy.Chmod);
        Assert.Equal("build", copy.From);
        Assert.Equal(["$E"], copy.Excludes);
        Assert.Equal(["$A", "b", "/d", "$U", "$M"], e.Calls);
    }

    [Fact]
    public void Copy_rejects_url_after_expansion()
    {
        var copy = Parse<CopyInstruction>("COPY $SRC /d");
        var ex = Assert.Throws<DockerfileException>(() =>
            copy.Expand(new FakeExpander(new() { ["$SRC"] = "https://x/y", ["/d"] = "/d" })));
        Assert.Equal("source can't be a URL for COPY", ex.Message);
    }

    [Fact]
    public void Add_expands_checksum_too()
    {
        var e = new FakeExpander();
        var add = Parse<AddInstruction>("ADD --checksum=$SUM --chown=$U --exclude=$E --keep-git-dir=true $URL /d").Expand(e);
        Assert.Equal("X($SUM)", add.Checksum);
        Assert.Equal("X($U)", add.Chown);
        Assert.Equal(["X($URL)"], add.Sources);
        Assert.Equal("X(/d)", add.Destination);
        Assert.Equal(["$E"], add.Excludes);
        Assert.True(add.KeepGitDir);
    }

    [Fact]
    public void Env_and_label_expand_keys_and_values()
    {
        var e = new FakeExpander();
        var env = Parse<EnvInstruction>("ENV $K=$V b=2").Expand(e);
        Assert.Equal([KeyValuePair.Create("X($K)", "X($V)"), KeyValuePair.Create("X(b)", "X(2)")], env.Pairs);
        var label = Parse<LabelInstruction>("LABEL a=$V").Expand(new FakeExpander());
        Assert.Equal([KeyValuePair.Create("X(a)", "X($V)")], label.Pairs);
    }

    [Fact]
    public void Arg_expands_names_and_defaults_only_when_present()
    {
        var e = new FakeExpander();
        var arg = Parse<ArgInstruction>("ARG a b=$X").Expand(e);
        Assert.Equal([new ArgDefinition("X(a)", null), new ArgDefinition("X(b)", "X($X)")], arg.Args);
        Assert.Equal(["a", "b", "$X"], e.Calls);
    }

    [Fact]
    public void Expose_expands_and_word_splits()
    {
        var e = new FakeExpander(new() { ["$PORTS"] = "80 443/udp", ["22"] = "22" });
        Assert.Equal(["80", "443/udp", "22"], Parse<ExposeInstruction>("EXPOSE $PORTS 22").Expand(e).Ports);
    }

    [Fact]
    public void Single_word_instructions_expand()
    {
        Assert.Equal("X($U)", Parse<UserInstruction>("USER $U").Expand(new FakeExpander()).User);
        Assert.Equal("X($D/app)", Parse<WorkdirInstruction>("WORKDIR $D/app").Expand(new FakeExpander()).Path);
        Assert.Equal(["X(/a)", "X($B)"], Parse<VolumeInstruction>("VOLUME /a $B").Expand(new FakeExpander()).Paths);
    }

    [Fact]
    public void Volume_empty_after_expansion_is_an_error()
    {
        var ex = Assert.Throws<DockerfileException>(() =>
            Parse<VolumeInstruction>("VOLUME $V").Expand(new FakeExpander(new() { ["$V"] = " " })));
        Assert.Equal("VOLUME specified can not be an empty string", ex.Message);
    }

    [Fact]
    public void Run_expands_only_mount_values_except_from()
    {
        var e = new FakeExpander(new() { ["cache"] = "cache", ["$DIR"] = "/c" });
        var run = Parse<RunInstruction>("RUN --network=none --mount=type=cache,target=$DIR,from=base echo $HOME").Expand(e);
        var m = Assert.IsType<CacheMount>(run.Mounts[0]);
        Assert.Equal("/c", m.Target);
        Assert.Equal("base", m.From);
        Assert.Equal("echo $HOME", run.Command.ShellText);
        Assert.Equal(RunNetwork.None, run.Network);
        Assert.Equal(["cache", "$DIR"], e.Calls);
    }

    [Fact]
    public void Run_expand_locates_mount_errors_at_the_instruction()
    {
        var run = Parse<RunInstruction>("RUN --mount=type=$T,target=/x true");
        var ex = Assert.Throws<DockerfileException>(() => run.Expand(new FakeExpander(new() { ["$T"] = "nope", ["/x"] = "/x" })));
        Assert.Equal("unsupported mount type \"nope\"", ex.Message);
        Assert.Equal(new SourcePosition(1, 1), ex.Diagnostic.Range!.Value.Start);
    }
}
