using Kiln.Dockerfile.Checks;
using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Instructions;
using Kiln.Dockerfile.Syntax;
using Kiln.Oci;

namespace Kiln.Dockerfile.Tests.Checks;

/// <summary>Runs the build checks over Dockerfile text through the real parser and instruction parser.</summary>
internal static class CheckHarness
{
    public static readonly Platform Amd64 = new("linux", "amd64");

    public static CheckInput Input(
        string dockerfile,
        IReadOnlyDictionary<string, string>? buildArgs = null,
        IContextIgnoreProbe? probe = null,
        IReadOnlyList<Diagnostic>? external = null)
    {
        var syntax = new DockerfileParser().Parse(new SourceFile("Dockerfile", dockerfile));
        return new CheckInput
        {
            Syntax = syntax,
            Instructions = new InstructionParser().ParseAll(syntax),
            BuildArgs = buildArgs,
            IgnoreProbe = probe,
            ExternalFindings = external ?? [],
            TargetPlatform = Amd64,
            BuildPlatform = Amd64,
        };
    }

    public static CheckReport Check(
        string dockerfile,
        IReadOnlyDictionary<string, string>? buildArgs = null,
        IContextIgnoreProbe? probe = null,
        IReadOnlyList<Diagnostic>? external = null) =>
        new BuildChecker().Check(Input(dockerfile, buildArgs, probe, external));

    /// <summary>The findings as "Rule|line|message" strings.</summary>
    public static string[] Lines(CheckReport report) =>
        report.Findings.Select(f => $"{f.Id}|{f.Range?.Start.Line}|{f.Message}").ToArray();

    public static string[] Lines(string dockerfile, IReadOnlyDictionary<string, string>? buildArgs = null, IContextIgnoreProbe? probe = null) =>
        Lines(Check(dockerfile, buildArgs, probe));

    /// <summary>Findings of one rule only, as "line|message".</summary>
    public static string[] Of(string rule, string dockerfile, IReadOnlyDictionary<string, string>? buildArgs = null, IContextIgnoreProbe? probe = null) =>
        Check(dockerfile, buildArgs, probe).Findings.Where(f => f.Id == rule).Select(f => $"{f.Range?.Start.Line}|{f.Message}").ToArray();
}
