using BenchmarkDotNet.Attributes;
using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Syntax;

namespace Kiln.Benchmarks;

/// <summary>
/// Parse time of a 5,000-line Dockerfile (issue #2 target: under 50 ms).
/// </summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private SourceFile _source = null!;

    [GlobalSetup]
    public void Setup() => _source = new SourceFile("Dockerfile", LargeDockerfile.Generate(5000));

    [Benchmark]
    public int Parse5000Lines() => new DockerfileParser().Parse(_source).Instructions.Count;
}
