using BenchmarkDotNet.Attributes;
using Kiln.Dockerfile.Checks;
using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Instructions;
using Kiln.Dockerfile.Planning;
using Kiln.Dockerfile.Syntax;
using Kiln.Oci;

namespace Kiln.Benchmarks;

/// <summary>
/// The whole frontend on a 5,000-line multi-stage Dockerfile: parse, typed instructions, plan, evaluate every
/// stage (ARG/ENV scope and expansion) and run every build check — what <c>kiln lint</c> does per file.
/// </summary>
[MemoryDiagnoser]
public class FrontendBenchmarks
{
    private SourceFile _source = null!;
    private BuildRequest _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        _source = new SourceFile("Dockerfile", LargeDockerfile.Generate(5000));
        var amd64 = Platform.Parse("linux/amd64");
        _request = new BuildRequest { TargetPlatform = amd64, BuildPlatform = amd64 };
    }

    [Benchmark]
    public int ParseTypePlanEvaluateCheck5000Lines()
    {
        var syntax = new DockerfileParser().Parse(_source);
        var instructions = new InstructionParser().ParseAll(syntax);
        var plan = new BuildPlanner().Plan(instructions, _request, syntax.Directives.EscapeToken, _source.Path);
        var stages = new StageEvaluator(plan).EvaluateAll(allStages: true);
        var report = new BuildChecker().Check(new CheckInput { Syntax = syntax, Instructions = instructions, TargetPlatform = _request.TargetPlatform });
        return stages.Count + report.Findings.Count;
    }
}
