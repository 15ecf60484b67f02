using Kiln.Dockerfile.Checks;
using Kiln.Dockerfile.Diagnostics;
using static Kiln.Dockerfile.Tests.Checks.CheckHarness;

namespace Kiln.Dockerfile.Tests.Checks;

/// <summary>Findings produced by the planner/engine, and the rule catalogue.</summary>
public sealed class ExternalFindingTests
{
    [Fact]
    public void UndefinedVar_factory_uses_buildkit_text()
    {
        var finding = CheckFindings.UndefinedVar("DIR_ASSET", "DIR_ASSETS", SourceRange.Lines(6, 6), "Dockerfile");
        Assert.Equal("UndefinedVar", finding.Id);
        Assert.Equal("Usage of undefined variable '$DIR_ASSET' (did you mean $DIR_ASSETS?)", finding.Message);
        Assert.Equal("Variables should be defined before their use", finding.Description);
        Assert.Equal("https://docs.docker.com/go/dockerfile/rule/undefined-var/", finding.Url);
        Assert.Equal(DiagnosticSeverity.Warning, finding.Severity);
        Assert.Equal("Usage of undefined variable '$foo'", CheckFindings.UndefinedVar("foo", null, null, null).Message);
    }

    [Fact]
    public void InvalidBaseImagePlatform_factory_uses_buildkit_text()
    {
        var finding = CheckFindings.InvalidBaseImagePlatform("alpine", "linux/amd64", "linux/arm64", SourceRange.Lines(1, 1), "Dockerfile");
        Assert.Equal("Base image alpine was pulled with platform \"linux/arm64\", expected \"linux/amd64\" for current build", finding.Message);
        Assert.Equal("Base image platform does not match expected target platform", finding.Description);
        Assert.Null(finding.Url);
    }

    [Fact]
    public void External_findings_are_merged_in_order_and_honour_skip()
    {
        const string text = "FROM alpine\nCOPY $foo .\nCMD [\"x\"]\n";
        var external = new[]
        {
            CheckFindings.UndefinedVar("foo", null, SourceRange.Lines(2, 2), "Dockerfile"),
            CheckFindings.InvalidBaseImagePlatform("alpine", "linux/amd64", "linux/arm64", SourceRange.Lines(1, 1), "Dockerfile"),
        };
        Assert.Equal(["InvalidBaseImagePlatform", "UndefinedVar"], Check(text, external: external).Findings.Select(f => f.Id));
        Assert.Equal(["InvalidBaseImagePlatform"], Check("# check=skip=UndefinedVar\n" + text, external: [external[0] with { Range = SourceRange.Lines(3, 3) }, external[1] with { Range = SourceRange.Lines(2, 2) }]).Findings.Select(f => f.Id));
        Assert.Empty(Check("# check=skip=all\n" + text, external: external).Findings);
    }

    [Fact]
    public void External_undefined_var_honours_the_local_comment()
    {
        const string text = "FROM alpine\n# check=skip=UndefinedVar\nCOPY $foo .\n";
        var external = new[] { CheckFindings.UndefinedVar("foo", null, SourceRange.Lines(3, 3), "Dockerfile") };
        Assert.Empty(Check(text, external: external).Findings);
        var report = Check("# check=error=true\nFROM alpine\nCOPY $foo .\n", external: [external[0]]);
        Assert.Equal("lint violation found for rules: UndefinedVar", report.FailureMessage);
    }

    [Fact]
    public void Catalogue_has_every_rule_with_its_url()
    {
        Assert.Equal(22, CheckRules.All.Count);
        Assert.Equal(CheckRules.All.Count, CheckRules.All.Select(r => r.Name).Distinct().Count());
        Assert.Equal(["CopyIgnoredFile", "InvalidDefinitionDescription"], CheckRules.All.Where(r => r.IsExperimental).Select(r => r.Name));
        Assert.Same(CheckRules.JsonArgsRecommended, CheckRules.Find("JSONArgsRecommended"));
        Assert.Null(CheckRules.Find("jsonargsrecommended"));
        Assert.Equal("https://docs.docker.com/go/dockerfile/rule/from-platform-flag-const-disallowed/", CheckRules.FromPlatformFlagConstDisallowed.Url);
        Assert.All(CheckRules.All.Where(r => r.Url is not null), r => Assert.Matches("^https://docs\\.docker\\.com/go/dockerfile/rule/[a-z-]+/$", r.Url!));
    }
}
