using static Kiln.Dockerfile.Tests.Checks.CheckHarness;

namespace Kiln.Dockerfile.Tests.Checks;

/// <summary>Rules checked per instruction while a stage is dispatched.</summary>
public sealed class InstructionRuleTests
{
    [Theory]
    [InlineData("\nFROM scratch\nCMD mycommand\n", "JSONArgsRecommended|3|JSON arguments recommended for CMD to prevent unintended behavior related to OS signals")]
    [InlineData("\nFROM scratch\nENTRYPOINT mycommand\n", "JSONArgsRecommended|3|JSON arguments recommended for ENTRYPOINT to prevent unintended behavior related to OS signals")]
    [InlineData("FROM alpine\nENTRYPOINT my-program start\n# entrypoint becomes: /bin/sh -c my-program start\n", "JSONArgsRecommended|2|JSON arguments recommended for ENTRYPOINT to prevent unintended behavior related to OS signals")]
    public void JsonArgsRecommended(string dockerfile, string expected)
    {
        Assert.Equal([expected], Lines(dockerfile));
    }

    [Theory]
    [InlineData("\nFROM scratch\nSHELL [\"/usr/bin/customshell\"]\nCMD mycommand\n")]
    [InlineData("\nFROM scratch\nSHELL [\"/usr/bin/customshell\"]\nENTRYPOINT mycommand\n")]
    [InlineData("\nFROM scratch AS base\nSHELL [\"/usr/bin/customshell\"]\n\nFROM base\nCMD mycommand\n")]
    [InlineData("\nFROM scratch AS base\nSHELL [\"/usr/bin/customshell\"]\n\nFROM base\nENTRYPOINT mycommand\n")]
    [InlineData("FROM alpine\nENTRYPOINT [\"my-program\", \"start\"]\n")]
    [InlineData("FROM alpine\nRUN apk add bash\nSHELL [\"/bin/bash\", \"-c\"]\nENTRYPOINT echo \"hello world\"\n")]
    public void JsonArgsRecommended_clean(string dockerfile)
    {
        Assert.Empty(Lines(dockerfile));
    }

    [Fact]
    public void JsonArgsRecommended_shell_does_not_leak_into_unrelated_stages()
    {
        Assert.Equal(["5|JSON arguments recommended for CMD to prevent unintended behavior related to OS signals"],
            Of("JSONArgsRecommended", "FROM scratch AS base\nSHELL [\"/bin/sh\", \"-c\"]\n\nFROM scratch\nCMD mycommand\n"));
    }

    [Fact]
    public void MultipleInstructionsDisallowed_reports_the_overridden_ones()
    {
        static string W(string name, int line) =>
            $"MultipleInstructionsDisallowed|{line}|Multiple {name} instructions should not be used in the same stage because only the last one will be used";

        Assert.Equal(
            [W("ENTRYPOINT", 3), W("CMD", 5), W("HEALTHCHECK", 7)],
            Lines("\nFROM scratch\nENTRYPOINT [\"/myapp\"]\nENTRYPOINT [\"/myotherapp\"]\nCMD [\"/myapp\"]\nCMD [\"/myotherapp\"]\nHEALTHCHECK CMD [\"/myapp\"]\nHEALTHCHECK CMD [\"/myotherapp\"]\n"));
        Assert.Equal(
            [W("ENTRYPOINT", 3), W("CMD", 4), W("HEALTHCHECK", 5)],
            Lines("\nFROM scratch\nENTRYPOINT [\"/myapp\"]\nCMD [\"/myapp\"]\nHEALTHCHECK CMD [\"/myapp\"]\nCOPY <<EOF /a.txt\nHello, World!\nEOF\nENTRYPOINT [\"/myotherapp\"]\nCMD [\"/myotherapp\"]\nHEALTHCHECK CMD [\"/myotherapp\"]\n"));
    }

    [Fact]
    public void MultipleInstructionsDisallowed_is_per_stage()
    {
        Assert.Empty(Lines("\nFROM scratch AS a\nENTRYPOINT [\"/myapp\"]\nCMD [\"/myapp\"]\nHEALTHCHECK CMD [\"/myapp\"]\n\nFROM a AS b\nENTRYPOINT [\"/myotherapp\"]\nCMD [\"/myotherapp\"]\nHEALTHCHECK CMD [\"/myotherapp\"]\n"));
    }

    [Fact]
    public void WorkdirRelativePath()
    {
        Assert.Equal(["WorkdirRelativePath|3|Relative workdir \"app/\" can have unexpected results if the base image changes"], Lines("\nFROM scratch\nWORKDIR app/\n"));
        Assert.Equal(["3|Relative workdir \"app/src\" can have unexpected results if the base image changes"],
            Of("WorkdirRelativePath", "FROM alpine\nARG dir=app\nWORKDIR $dir/src\nWORKDIR more\n"));
    }

    [Theory]
    [InlineData("\nFROM scratch AS a\nWORKDIR /app\n\nFROM a AS b\nWORKDIR subdir/\n")]
    [InlineData("FROM alpine\nWORKDIR /usr/src/app\nWORKDIR sub\n")]
    [InlineData("FROM alpine\nWORKDIR $HOME/app\n")]
    public void WorkdirRelativePath_clean(string dockerfile)
    {
        Assert.Empty(Of("WorkdirRelativePath", dockerfile));
    }

    [Fact]
    public void LegacyKeyValueFormat()
    {
        Assert.Equal(
            [
                "LegacyKeyValueFormat|3|\"ENV key=value\" should be used instead of legacy \"ENV key value\" format",
                "LegacyKeyValueFormat|4|\"LABEL key=value\" should be used instead of legacy \"LABEL key value\" format",
            ],
            Lines("\nFROM scratch\nENV testkey value\nLABEL key value\n"));
        Assert.Equal(["2|\"env key=value\" should be used instead of legacy \"env key value\" format"],
            Of("LegacyKeyValueFormat", "from scratch\nenv testkey value\n"));
        Assert.Empty(Lines("\nFROM scratch\nENV testkey=value\nLABEL key=value\n"));
    }

    [Fact]
    public void SecretsUsedInArgOrEnv()
    {
        static string W(int line, string what) => $"SecretsUsedInArgOrEnv|{line}|Do not use ARG or ENV instructions for sensitive data ({what})";

        Assert.Equal(
            [
                W(3, "ARG \"SECRET_PASSPHRASE\""),
                W(4, "ENV \"SUPER_Secret\""),
                W(5, "ENV \"password\""),
                W(5, "ENV \"secret\""),
                W(6, "ARG \"super_duper_secret_token\""),
                W(6, "ARG \"auth\""),
                W(7, "ENV \"apikey\""),
                W(8, "ENV \"git_key\""),
            ],
            Lines("\nFROM scratch\nARG SECRET_PASSPHRASE\nENV SUPER_Secret=foo\nENV password=bar secret=baz\nARG super_duper_secret_token=foo auth=bar\nENV apikey=bar sunflower=foo\nENV git_key=\nENV PUBLIC_KEY=\nARG public_token\n"));
        Assert.Equal(["2|Do not use ARG or ENV instructions for sensitive data (ARG \"AWS_SECRET_ACCESS_KEY\")"],
            Of("SecretsUsedInArgOrEnv", "FROM scratch\nARG AWS_SECRET_ACCESS_KEY\n"));
    }

    [Fact]
    public void SecretsUsedInArgOrEnv_clean()
    {
        Assert.Empty(Lines("FROM scratch\nARG KEYBOARD=1 MONKEY=2 GPG_KEY_FILE=x\nENV TOKENIZER=bpe version_key=1\n"));
    }

    [Fact]
    public void ExposeProtoCasing()
    {
        Assert.Equal(["ExposeProtoCasing|2|Defined protocol '80/TcP' in EXPOSE instruction should be lowercase"], Lines("FROM alpine\nEXPOSE 80/TcP\n"));
        Assert.Empty(Lines("FROM alpine\nEXPOSE 80/tcp 53/udp 90\n"));
    }

    [Fact]
    public void ExposeInvalidFormat()
    {
        Assert.Equal(["ExposeInvalidFormat|2|EXPOSE instruction should not define an IP address or host-port mapping, found '127.0.0.1:80:80'"],
            Lines("FROM alpine\nEXPOSE 127.0.0.1:80:80\n"));
        Assert.Equal(["ExposeInvalidFormat|2|EXPOSE instruction should not define an IP address or host-port mapping, found '80:80'"],
            Lines("FROM alpine\nEXPOSE 80:80\n"));
        Assert.Equal(
            [
                "ExposeInvalidFormat|3|EXPOSE instruction should not define an IP address or host-port mapping, found '8080:80/UDP'",
                "ExposeProtoCasing|3|Defined protocol '8080:80/UDP' in EXPOSE instruction should be lowercase",
            ],
            Lines("FROM alpine\nARG P=8080:80/UDP\nEXPOSE $P\n"));
        Assert.Empty(Lines("FROM alpine\nEXPOSE 80\n"));
    }

    [Fact]
    public void CopyIgnoredFile_needs_the_experimental_opt_in()
    {
        var probe = new FakeIgnoreProbe(false, "Dockerfile");
        Assert.Empty(Lines("\nFROM scratch\nCOPY Dockerfile .\nADD Dockerfile /windy\n", probe: probe));
        Assert.Equal(
            [
                "CopyIgnoredFile|3|Attempting to Copy file \"Dockerfile\" that is excluded by .dockerignore",
                "CopyIgnoredFile|4|Attempting to Add file \"Dockerfile\" that is excluded by .dockerignore",
            ],
            Lines("# check=experimental=CopyIgnoredFile\nFROM scratch\nCOPY Dockerfile .\nADD Dockerfile /windy\n", probe: probe));
        Assert.Equal(2, Lines("# check=skip=all;experimental=CopyIgnoredFile\nFROM scratch\nCOPY Dockerfile .\nADD Dockerfile /windy\n", probe: probe).Length);
    }

    [Fact]
    public void CopyIgnoredFile_cleans_paths_and_keeps_the_deciding_line()
    {
        var probe = new FakeIgnoreProbe(false, "tmp");
        var finding = Assert.Single(Check("# check=experimental=all\nFROM scratch\nCOPY ./tmp/helloworld.txt /helloworld.txt\n", probe: probe).Findings);
        Assert.Equal("Attempting to Copy file \"tmp/helloworld.txt\" that is excluded by .dockerignore", finding.Message);
        Assert.Equal(".dockerignore line 1: tmp", finding.Suggestion);
        Assert.Equal("Attempting to Copy file that is excluded by .dockerignore", finding.Description);
    }

    [Fact]
    public void CopyIgnoredFile_skips_other_stages_heredocs_urls_and_exceptions()
    {
        var probe = new FakeIgnoreProbe(false, "foobar", "Dockerfile");
        var text = "# check=experimental=CopyIgnoredFile\nFROM scratch AS base\nCOPY <<foobar /foobar\nhi\nfoobar\nADD https://example.com/foobar /x\nFROM base\nCOPY --from=base /foobar /Dockerfile\nCOPY . /src\n";
        Assert.Empty(Lines(text, probe: probe));
        Assert.Empty(Lines("# check=experimental=CopyIgnoredFile\nFROM scratch\nCOPY Dockerfile .\n", probe: new FakeIgnoreProbe(true, "Dockerfile")));
        Assert.Empty(Lines("# check=experimental=CopyIgnoredFile\nFROM scratch\nCOPY ./forever/helloworld.txt /helloworld.txt\n", probe: new FakeIgnoreProbe(false, "tmp")));
    }

    [Fact]
    public void InvalidDefinitionDescription_is_experimental()
    {
        var text = "# check=experimental=InvalidDefinitionDescription\n# bar this is the bar\nARG foo=bar\n# BasE this is the BasE image\nFROM scratch AS base\n# definitely a bad comment\nARG version=latest\n# definitely a bad comment\nARG foo=baz bar=qux baz=quux\n";
        Assert.Equal(
            [
                "InvalidDefinitionDescription|3|Comment for ARG should follow the format: `# foo <description>`",
                "InvalidDefinitionDescription|5|Comment for FROM should follow the format: `# base <description>`",
                "InvalidDefinitionDescription|7|Comment for ARG should follow the format: `# version <description>`",
                "InvalidDefinitionDescription|9|Comment for ARG should follow the format: `# <arg_key> <description>`",
            ],
            Lines(text));
        Assert.Empty(Lines(text[(text.IndexOf('\n', StringComparison.Ordinal) + 1)..]));
    }

    [Fact]
    public void InvalidDefinitionDescription_clean()
    {
        Assert.Empty(Lines("# check=experimental=InvalidDefinitionDescription\n# foo this is the foo\nARG foo=bar\n\n# base this is the base image\nFROM scratch AS base\n\n# version this is the version number\nARG version=latest\n\n# baz this is the baz\nARG foo=baz bar=qux baz=quux\n#\nARG bit=bat\n\n# comment for something other than ARG or FROM\nCOPY Dockerfile .\n"));
        Assert.Empty(Lines("# check=experimental=all\n# a non-descriptive comment\n\nFROM scratch AS base\n\n# another non-descriptive comment\n\nARG VERSION=1\n"));
    }
}
