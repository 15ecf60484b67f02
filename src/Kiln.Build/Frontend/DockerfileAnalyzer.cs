using Kiln.Build.Context;
using Kiln.Dockerfile.Checks;
using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Instructions;
using Kiln.Dockerfile.Planning;
using Kiln.Dockerfile.Syntax;

namespace Kiln.Build.Frontend;

/// <summary>
/// Runs the whole Dockerfile frontend for a build request: parse, type the instructions, plan the stages,
/// evaluate them (ARG/ENV scope and builder-side expansion) and run the build checks against the build
/// context's ignore file. Used by <c>kiln lint</c>, <c>kiln build --check</c> and the build engine.
/// </summary>
public sealed class DockerfileAnalyzer
{
    /// <summary>The error id for an invalid <c>.dockerignore</c> pattern.</summary>
    public const string IgnoreFileErrorId = "KILN2001";

    private readonly DockerfileParser _parser = new();
    private readonly InstructionParser _instructions = new();
    private readonly BuildPlanner _planner = new();
    private readonly BuildChecker _checker = new();

    /// <summary>
    /// Analyses <paramref name="source"/>. <paramref name="contextDirectory"/> (may be null) gives the
    /// ignore file for CopyIgnoredFile; <paramref name="dockerfilePath"/> selects a Dockerfile-specific one.
    /// With <paramref name="wholeFile"/> every stage is evaluated (a check without <c>--target</c>).
    /// </summary>
    public DockerfileAnalysis Analyze(
        SourceFile source,
        BuildRequest request,
        string? contextDirectory,
        string? dockerfilePath,
        bool wholeFile,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(request);
        DockerfileSyntax syntax;
        IReadOnlyList<Instruction> instructions;
        try
        {
            syntax = _parser.Parse(source, cancellationToken);
            instructions = _instructions.ParseAll(syntax);
        }
        catch (DockerfileException e)
        {
            return new DockerfileAnalysis { Source = source, Error = WithFile(e.Diagnostic, source) };
        }

        // Planning errors (a bad base name, an unknown stage) still leave the file-level build checks worth
        // reporting: BuildKit returns its warnings beside the build error, and so do we.
        BuildPlan? plan = null;
        IReadOnlyDictionary<int, EvaluatedStage>? stages = null;
        Diagnostic? error = null;
        IContextIgnoreProbe? ignoreProbe = null;
        try
        {
            ignoreProbe = LocateIgnoreProbe(contextDirectory, dockerfilePath);
            plan = _planner.Plan(instructions, request, syntax.Directives.EscapeToken, source.Path, cancellationToken);
            stages = new StageEvaluator(plan).EvaluateAll(allStages: wholeFile, cancellationToken: cancellationToken);
        }
        catch (DockerfileException e)
        {
            error = WithFile(e.Diagnostic, source);
        }
        catch (IgnorePatternException e)
        {
            // A broken ignore file fails the build as in BuildKit; it is not the Dockerfile's fault, so no range.
            error = Diagnostic.Error(IgnoreFileErrorId, e.Message, e.SourceFile, null);
        }

        CheckReport? checks = null;
        try
        {
            checks = _checker.Check(new CheckInput
            {
                Syntax = syntax,
                Instructions = instructions,
                BuildArgs = request.BuildArgs,
                IgnoreProbe = ignoreProbe,
                ExternalFindings = stages is null ? [] : UndefinedVariableFindings(stages.Values, source.Path),
                TargetPlatform = request.TargetPlatform,
                BuildPlatform = request.BuildPlatform,
                Target = request.Target,
            });
        }
        catch (DockerfileException e)
        {
            // An invalid '# check=' directive is itself the error to report.
            error ??= WithFile(e.Diagnostic, source);
        }

        var notice = FrontendSelection.Check(source, syntax.Directives, request.BuildArgs);
        return new DockerfileAnalysis
        {
            Source = source,
            Notices = notice is null ? [] : [notice],
            Error = error,
            Syntax = syntax,
            Instructions = instructions,
            Plan = error is null ? plan : null,
            Stages = error is null ? stages : null,
            Checks = checks,
        };
    }

    private static Diagnostic WithFile(Diagnostic diagnostic, SourceFile source) =>
        diagnostic.FilePath is null ? diagnostic with { FilePath = source.Path } : diagnostic;

    private static IContextIgnoreProbe? LocateIgnoreProbe(string? contextDirectory, string? dockerfilePath)
    {
        if (contextDirectory is null)
        {
            return null;
        }

        var located = IgnoreFileLocator.Locate(contextDirectory, dockerfilePath);
        return located is null ? null : new ContextIgnoreProbe(PatternMatcher.Create(located.Patterns));
    }

    private static List<Diagnostic> UndefinedVariableFindings(IEnumerable<EvaluatedStage> stages, string filePath)
    {
        var findings = new List<Diagnostic>();
        foreach (var stage in stages.OrderBy(s => s.Stage.Index))
        {
            foreach (var step in stage.Steps)
            {
                // Triggers inherited from a base stage are reported where they are written, not again here.
                if (step.IsOnbuildTrigger)
                {
                    continue;
                }

                foreach (var variable in step.UndefinedVariables)
                {
                    findings.Add(CheckFindings.UndefinedVar(variable.Name, variable.Suggestion, step.Range, filePath));
                }
            }
        }

        return findings;
    }
}
