using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Planning;
using Kiln.Dockerfile.Syntax;
using Kiln.Oci;

namespace Kiln.Dockerfile.Tests.Planning;

/// <summary>Test helpers: parse Dockerfile text with the real parser, plan it and evaluate stages.</summary>
internal static class Plans
{
    public static readonly Platform Amd64 = new("linux", "amd64");

    public static readonly Platform Arm64 = new("linux", "arm64");

    public static DockerfileSyntax Parse(string text) => new DockerfileParser().Parse(new SourceFile("Dockerfile", text));

    public static BuildRequest Request(
        string? target = null,
        IReadOnlyDictionary<string, string>? args = null,
        IEnumerable<string>? contexts = null,
        Platform? targetPlatform = null,
        Platform? buildPlatform = null) => new()
        {
            Target = target,
            BuildArgs = args ?? new Dictionary<string, string>(StringComparer.Ordinal),
            NamedContexts = new HashSet<string>(contexts ?? [], StringComparer.Ordinal),
            TargetPlatform = targetPlatform ?? Amd64,
            BuildPlatform = buildPlatform ?? Amd64,
        };

    public static BuildPlan Plan(string text, BuildRequest? request = null) => new BuildPlanner().Plan(Parse(text), request ?? Request());

    public static DockerfileException PlanError(string text, BuildRequest? request = null) =>
        Assert.Throws<DockerfileException>(() => Plan(text, request));

    /// <summary>Evaluates the needed stages (unknown image bases unless <paramref name="bases"/> says otherwise).</summary>
    public static IReadOnlyDictionary<int, EvaluatedStage> Evaluate(BuildPlan plan, Func<StagePlan, BaseImageState>? bases = null) =>
        new StageEvaluator(plan).EvaluateAll(bases);

    /// <summary>Plans and evaluates the target stage with every image base known and empty.</summary>
    public static EvaluatedStage Target(string text, BuildRequest? request = null, BaseImageState? image = null)
    {
        var plan = Plan(text, request);
        return Evaluate(plan, _ => image ?? BaseImageState.Scratch)[plan.Target.Index];
    }

    public static string? Env(StageState state, string name) =>
        state.BuildEnvironment.Where(p => p.Key == name).Select(p => p.Value).Cast<string?>().LastOrDefault();
}
