using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Instructions;
using Kiln.Dockerfile.Syntax;
using static Kiln.Dockerfile.Tests.Instructions.TestNodes;

namespace Kiln.Dockerfile.Tests.Instructions;

public class CopyAddTests
{
    [Fact]
    public void Copy_with_all_flags()
    {
        var c = Parse<CopyInstruction>("COPY --from=build --chown=app:staff --chmod=0755 --link --parents=false --exclude=*.md --exclude=.git a b /dst/");
        Assert.Equal(["a", "b"], c.Sources);
        Assert.Equal("/dst/", c.Destination);
        Assert.Equal("build", c.From);
        Assert.Equal(new ChownSpec("app", "staff"), c.ChownSpec);
        Assert.Equal(Convert.ToUInt32("755", 8), c.ChmodSpec!.Value.Octal);
        Assert.True(c.Link);
        Assert.False(c.Parents);
        Assert.Equal(["*.md", ".git"], c.Excludes);
    }

    [Fact]
    public void Copy_json_form()
    {
        var c = Parse<CopyInstruction>("COPY [\"a b\", \"/c d/\"]");
        Assert.Equal(["a b"], c.Sources);
        Assert.Equal("/c d/", c.Destination);
    }

    [Fact]
    public void Copy_heredoc_sources()
    {
        var eof = new Heredoc("EOF", "hello\n", true, false, 0);
        var two = new Heredoc("TWO", "x\n", false, true, 0);
        var c = Parse<CopyInstruction>("COPY <<EOF file <<-'TWO' /dst/", heredocs: [eof, two]);
        Assert.Equal(["file"], c.Sources);
        Assert.Equal([eof, two], c.HeredocSources);
    }

    [Fact]
    public void Heredoc_destination_is_an_error()
    {
        var eof = new Heredoc("EOF", "hello\n", true, false, 0);
        var ex = Assert.Throws<DockerfileException>(() => Parse("COPY a <<EOF", heredocs: [eof]));
        Assert.Equal("COPY cannot use a heredoc as destination", ex.Message);
        Assert.Equal(InstructionErrorIds.HeredocDestination, ex.Diagnostic.Id);
        Assert.Equal(new SourcePosition(1, 8), ex.Diagnostic.Range!.Value.Start);
    }

    [Theory]
    [InlineData("COPY")]
    [InlineData("COPY onlyone")]
    public void Copy_needs_two_arguments(string text)
    {
        Fails(text, InstructionErrorIds.ArgumentCount, "COPY requires at least two arguments, but only one was provided. Destination could not be determined", 1, 1);
    }

    [Fact]
    public void Add_needs_two_arguments()
    {
        var d = Fails("ADD x", InstructionErrorIds.ArgumentCount, "ADD requires at least two arguments, but only one was provided. Destination could not be determined", 1, 1);
        Assert.StartsWith("ADD requires at least two arguments", d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("$STAGE")]
    [InlineData("${STAGE}")]
    [InlineData("img-$V")]
    public void Copy_from_rejects_variables(string from)
    {
        Fails($"COPY --from={from} a b", InstructionErrorIds.FromVariable,
            "variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround", 1, 6);
    }

    [Fact]
    public void Copy_from_allows_trailing_dollar()
    {
        Assert.Equal("a$", Parse<CopyInstruction>("COPY --from=a$ x y").From);
    }

    [Theory]
    [InlineData("https://example.com/a.tgz", "source can't be a URL for COPY")]
    [InlineData("http://example.com/a", "source can't be a URL for COPY")]
    [InlineData("git@github.com:moby/buildkit.git", "source can't be a git ref for COPY")]
    [InlineData("https://github.com/moby/buildkit.git#v0.10", "source can't be a git ref for COPY")]
    public void Copy_rejects_remote_sources(string source, string message)
    {
        Fails($"COPY ok {source} /dst", InstructionErrorIds.CopyRemoteSource, message, 1, 9);
    }

    [Fact]
    public void Copy_rejects_checksum_and_add_only_flags()
    {
        Fails("COPY --checksum=sha256:abc a b", InstructionErrorIds.UnknownFlag, "unknown flag: --checksum", 1, 6);
        Fails("COPY --keep-git-dir a b", InstructionErrorIds.UnknownFlag, "unknown flag: --keep-git-dir", 1, 6);
    }

    [Fact]
    public void Add_rejects_copy_only_flags()
    {
        Fails("ADD --from=x a b", InstructionErrorIds.UnknownFlag, "unknown flag: --from", 1, 5);
        Fails("ADD --parents a b", InstructionErrorIds.UnknownFlag, "unknown flag: --parents", 1, 5);
    }

    [Fact]
    public void Add_with_all_flags()
    {
        var a = Parse<AddInstruction>("ADD --chown=1000 --chmod=u+x --link=true --exclude=x --checksum=sha256:abc --keep-git-dir --unpack=false https://x/a.tgz /dst");
        Assert.Equal(["https://x/a.tgz"], a.Sources);
        Assert.Equal("/dst", a.Destination);
        Assert.Equal(1000u, a.ChownSpec!.Value.UserId);
        Assert.True(a.ChmodSpec!.Value.IsSymbolic);
        Assert.True(a.Link);
        Assert.Equal(["x"], a.Excludes);
        Assert.Equal("sha256:abc", a.Checksum);
        Assert.True(a.KeepGitDir);
        Assert.False(a.Unpack);
    }

    [Fact]
    public void Add_defaults()
    {
        var a = Parse<AddInstruction>("ADD a /b");
        Assert.Null(a.KeepGitDir);
        Assert.Null(a.Unpack);
        Assert.Null(a.Checksum);
        Assert.False(a.Link);
    }

    [Fact]
    public void Add_checksum_requires_a_single_source()
    {
        Fails("ADD --checksum=sha256:abc a b /dst", InstructionErrorIds.ChecksumSources, "checksum can't be specified for multiple sources", 1, 5);
    }

    [Theory]
    [InlineData("COPY --chmod=888 a b")]
    [InlineData("COPY --chmod=17777 a b")]
    [InlineData("COPY --chmod=u+q a b")]
    [InlineData("COPY --chmod=rwx a b")]
    public void Invalid_chmod_points_at_flag(string text)
    {
        var value = text.Split(' ')[1]["--chmod=".Length..];
        Fails(text, InstructionErrorIds.InvalidChmod,
            $"invalid chmod parameter {value}. it should be octal string and between 0 and 07777, or a symbolic mode like u=rwX,go=rX", 1, 6);
    }

    [Fact]
    public void Chmod_and_chown_with_variables_are_checked_after_expansion()
    {
        var c = Parse<CopyInstruction>("COPY --chmod=$MODE --chown=$U a b");
        var ok = c.Expand(new FakeExpander(new() { ["$MODE"] = "644", ["$U"] = "app", ["a"] = "a", ["b"] = "b" }));
        Assert.Equal(Convert.ToUInt32("644", 8), ok.ChmodSpec!.Value.Octal);
        var ex = Assert.Throws<DockerfileException>(() => c.Expand(new FakeExpander(new() { ["$MODE"] = "9", ["$U"] = "app" })));
        Assert.Equal(InstructionErrorIds.InvalidChmod, ex.Diagnostic.Id);
    }

    [Fact]
    public void Invalid_chown_points_at_flag()
    {
        Fails("ADD --link --chown=:staff a b", InstructionErrorIds.InvalidChown, "invalid chown parameter :staff: expected <user>[:<group>]", 1, 12);
    }
}
