using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Syntax;

namespace Kiln.Dockerfile.Checks;

/// <summary>
/// Runs BuildKit's build checks over a parsed Dockerfile (features.md section 12: every LINT-* rule that can be decided
/// from the syntax, the typed instructions and the shell lexer; DF-DIR-CHECK, DF-DIR-CHECK-LOCAL, DF-DIR-CHECK-BUILDARG,
/// LINT-OUTPUT). Rules that need the planner or the engine (UndefinedVar, InvalidBaseImagePlatform) come in through
/// <see cref="CheckInput.ExternalFindings"/> and get the same configuration. Like <c>--call=check</c>, every stage is
/// checked. Stateless and thread-safe.
/// </summary>
public sealed partial class BuildChecker
{
    /// <summary>Runs the checks; throws <see cref="DockerfileException"/> (KILN1401/KILN1402) for an invalid check configuration.</summary>
    public CheckReport Check(CheckInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var config = CheckConfig.Resolve(input.Syntax, input.BuildArgs);
        var run = new CheckRun(input);

        CheckEmptyContinuations(run);
        CheckFromSyntax(run);
        CheckInstructionCasing(run);
        CheckStageNames(run);
        CheckMaintainer(run);
        CheckDefinitionDescriptions(run);
        CheckDefaultArgsInFrom(run);
        foreach (var stage in run.Stages)
        {
            CheckFromArgs(run, stage);
            DispatchStage(run, stage);
        }

        AddExternalFindings(run, input.ExternalFindings);
        return new CheckReport
        {
            Findings = Filter(run, config),
            Config = config,
            Source = input.Syntax.Source,
        };
    }

    private static List<Diagnostic> Filter(CheckRun run, CheckConfig config)
    {
        var localConfigs = new Dictionary<InstructionNode, CheckConfig?>(ReferenceEqualityComparer.Instance);
        var seen = new HashSet<(string, string, SourceRange?)>();
        var kept = new List<Diagnostic>();
        foreach (var finding in run.Findings)
        {
            CheckConfig? local = null;
            if (finding.Scope is { } scope && !localConfigs.TryGetValue(scope, out local))
            {
                local = CheckConfig.FromComments(scope.PrecedingComments);
                localConfigs[scope] = local;
            }

            if (!config.IsEnabled(finding.Rule, local) || !seen.Add((finding.Rule.Name, finding.Message, finding.Range)))
            {
                continue;
            }

            kept.Add(CheckFindings.Create(finding.Rule, finding.Message, finding.FilePath ?? run.FilePath, finding.Range, finding.Suggestion));
        }

        return kept
            .OrderBy(d => d.Range?.Start.Line ?? 0)
            .ThenBy(d => d.Range?.Start.Column ?? 0)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
    }

    private static void AddExternalFindings(CheckRun run, IReadOnlyList<Diagnostic> external)
    {
        foreach (var diagnostic in external)
        {
            var rule = CheckRules.Find(diagnostic.Id)
                ?? new CheckRule(diagnostic.Id, diagnostic.Description ?? diagnostic.Message, diagnostic.Url);

            // BuildKit reports UndefinedVar while dispatching the instruction, so that instruction's comments apply.
            InstructionNode? scope = null;
            if (rule == CheckRules.UndefinedVar && diagnostic.Range is { } range)
            {
                scope = run.Input.Syntax.Instructions.FirstOrDefault(
                    n => n.Range.Start.Line <= range.Start.Line && range.Start.Line <= n.Range.End.Line);
            }

            run.Add(rule, diagnostic.Message, diagnostic.Range, scope, diagnostic.Suggestion, diagnostic.FilePath);
        }
    }
}
