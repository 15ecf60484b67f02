using Kiln.Dockerfile.Shell;

namespace Kiln.Dockerfile.Tests.Shell;

/// <summary>The expansion table records DF-VAR-WHERE / DF-VAR-NOT / DF-VAR-FLAGS.</summary>
public sealed class ExpansionTableTests
{
    [Theory]
    [InlineData("FROM", ExpansionScope.GlobalArgs)]
    [InlineData("copy", ExpansionScope.Stage)]
    [InlineData("ADD", ExpansionScope.Stage)]
    [InlineData("ENV", ExpansionScope.Stage)]
    [InlineData("EXPOSE", ExpansionScope.Stage)]
    [InlineData("LABEL", ExpansionScope.Stage)]
    [InlineData("STOPSIGNAL", ExpansionScope.Stage)]
    [InlineData("USER", ExpansionScope.Stage)]
    [InlineData("VOLUME", ExpansionScope.Stage)]
    [InlineData("WORKDIR", ExpansionScope.Stage)]
    [InlineData("ARG", ExpansionScope.Stage)]
    [InlineData("RUN", ExpansionScope.None)]
    [InlineData("CMD", ExpansionScope.None)]
    [InlineData("ENTRYPOINT", ExpansionScope.None)]
    [InlineData("SHELL", ExpansionScope.None)]
    [InlineData("HEALTHCHECK", ExpansionScope.None)]
    [InlineData("MAINTAINER", ExpansionScope.None)]
    [InlineData("ONBUILD", ExpansionScope.None)]
    public void Argument_scope(string instruction, ExpansionScope scope)
    {
        Assert.Equal(scope, ExpansionTable.ArgumentScope(instruction));
        Assert.Equal(scope != ExpansionScope.None, ExpansionTable.ExpandsArguments(instruction));
    }

    [Theory]
    [InlineData("COPY", "chown", true)]
    [InlineData("COPY", "--chmod", true)]
    [InlineData("COPY", "from", false)]
    [InlineData("COPY", "checksum", false)]
    [InlineData("ADD", "chown", true)]
    [InlineData("ADD", "chmod", true)]
    [InlineData("ADD", "checksum", true)]
    [InlineData("RUN", "mount", true)]
    [InlineData("RUN", "network", false)]
    [InlineData("RUN", "security", false)]
    [InlineData("RUN", "device", false)]
    [InlineData("FROM", "platform", true)]
    [InlineData("HEALTHCHECK", "interval", false)]
    public void Flags(string instruction, string flag, bool expanded) =>
        Assert.Equal(expanded, ExpansionTable.ExpandsFlag(instruction, flag));

    [Fact]
    public void Special_cases()
    {
        Assert.Equal(ExpansionScope.GlobalArgs, ExpansionTable.FlagScope("FROM", "--platform"));
        Assert.Equal(ExpansionScope.Stage, ExpansionTable.FlagScope("ADD", "checksum"));
        Assert.Equal(ExpansionScope.None, ExpansionTable.FlagScope("RUN", "network"));
        Assert.Equal(ExpansionTable.CopyFromVariablesMessage, ExpansionTable.VariablesRejectedMessage("COPY", "--from"));
        Assert.Null(ExpansionTable.VariablesRejectedMessage("COPY", "chown"));
        Assert.False(ExpansionTable.ExpandsMountOption("from"));
        Assert.True(ExpansionTable.ExpandsMountOption("target"));
        Assert.True(ExpansionTable.SplitsWords("EXPOSE"));
        Assert.False(ExpansionTable.SplitsWords("WORKDIR"));
        Assert.True(ExpansionTable.ExpandsHeredocBodies("COPY"));
        Assert.True(ExpansionTable.ExpandsHeredocBodies("ADD"));
        Assert.False(ExpansionTable.ExpandsHeredocBodies("RUN"));
    }
}
