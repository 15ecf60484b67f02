using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Instructions;
using Kiln.Oci;

namespace Kiln.Dockerfile.Checks;

/// <summary>File-wide rules BuildKit runs while parsing (not skippable by a local <c># check=</c> comment).</summary>
public sealed partial class BuildChecker
{
    private static readonly string[] ReservedStageNames = ["context", "scratch"];

    /// <summary>LINT-NO-EMPTY-CONTINUATION from the parser's warnings, at the instruction's last line.</summary>
    private static void CheckEmptyContinuations(CheckRun run)
    {
        foreach (var warning in run.Input.Syntax.Warnings)
        {
            if (warning.Id == CheckRules.NoEmptyContinuation.Name)
            {
                var line = warning.Range?.End.Line ?? 0;
                run.Add(CheckRules.NoEmptyContinuation, CheckFindings.NoEmptyContinuation(), line > 0 ? SourceRange.Lines(line, line) : null);
            }
        }
    }

    /// <summary>LINT-STAGE-NAME-CASING and LINT-FROM-AS-CASING.</summary>
    private static void CheckFromSyntax(CheckRun run)
    {
        foreach (var from in run.Input.Instructions.OfType<FromInstruction>())
        {
            var args = from.Node.Arguments;
            if (args.Count != 3)
            {
                continue;
            }

            if (args[2] != args[2].ToLowerInvariant())
            {
                run.Add(CheckRules.StageNameCasing, CheckFindings.StageNameCasing(args[2]), from.Range);
            }

            var keyword = from.Keyword;
            var isLower = keyword == keyword.ToLowerInvariant();
            var isUpper = keyword == keyword.ToUpperInvariant();
            var asWord = args[1];

            // A mixed-case FROM is ConsistentInstructionCasing's business; AS must then follow FROM's casing.
            if ((isLower && asWord != asWord.ToLowerInvariant()) || (!isLower && isUpper && asWord != asWord.ToUpperInvariant()))
            {
                run.Add(CheckRules.FromAsCasing, CheckFindings.FromAsCasing(keyword, asWord), from.Range);
            }
        }
    }

    /// <summary>LINT-CONSISTENT-CASING over the stages' instructions (global ARGs are not counted).</summary>
    private static void CheckInstructionCasing(CheckRun run)
    {
        var all = run.Stages.SelectMany(s => s.Commands.Prepend(s.From)).ToList();
        var lower = 0;
        var upper = 0;
        foreach (var instruction in all)
        {
            var keyword = instruction.Keyword;
            if (keyword == keyword.ToLowerInvariant())
            {
                lower++;
            }
            else if (keyword == keyword.ToUpperInvariant())
            {
                upper++;
            }
        }

        var majorityLower = lower > upper;
        foreach (var instruction in all)
        {
            var keyword = instruction.Keyword;
            var casing = majorityLower
                ? (keyword != keyword.ToLowerInvariant() ? "lowercase" : null)
                : (keyword != keyword.ToUpperInvariant() ? "uppercase" : null);
            if (casing is not null)
            {
                run.Add(CheckRules.ConsistentInstructionCasing, CheckFindings.ConsistentInstructionCasing(keyword, casing), instruction.Range);
            }
        }
    }

    /// <summary>LINT-RESERVED-STAGE and LINT-DUPLICATE-STAGE (names compared lower-cased).</summary>
    private static void CheckStageNames(CheckRun run)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stage in run.Stages)
        {
            if (stage.From.StageName is not { Length: > 0 } name)
            {
                continue;
            }

            if (ReservedStageNames.Contains(name))
            {
                run.Add(CheckRules.ReservedStageName, CheckFindings.ReservedStageName(name), stage.From.Range);
            }

            if (!names.Add(name))
            {
                run.Add(CheckRules.DuplicateStageName, CheckFindings.DuplicateStageName(name), stage.From.Range);
            }
        }
    }

    /// <summary>LINT-MAINTAINER-DEPRECATED.</summary>
    private static void CheckMaintainer(CheckRun run)
    {
        foreach (var maintainer in run.Input.Instructions.OfType<MaintainerInstruction>())
        {
            run.Add(CheckRules.MaintainerDeprecated, CheckFindings.MaintainerDeprecated(), maintainer.Range);
        }
    }

    /// <summary>
    /// LINT-INVALID-DEF-DESC (experimental): the comment directly above a named FROM or an ARG must start with the stage
    /// name or one of the ARG's names.
    /// </summary>
    private static void CheckDefinitionDescriptions(CheckRun run)
    {
        foreach (var instruction in run.Input.Instructions)
        {
            var comments = instruction.Node.PrecedingComments;
            if (comments.Count == 0)
            {
                continue;
            }

            string[] names;
            string kind;
            switch (instruction)
            {
                case FromInstruction { StageName: { Length: > 0 } stageName }:
                    names = [stageName];
                    kind = "FROM";
                    break;
                case ArgInstruction arg when arg.Args.Count > 0:
                    names = arg.Args.Select(a => a.Name).ToArray();
                    kind = "ARG";
                    break;
                default:
                    continue;
            }

            var firstWord = comments[^1].Split(' ')[0];
            if (!names.Contains(firstWord, StringComparer.Ordinal))
            {
                var example = names.Length > 1 ? "<arg_key>" : names[0];
                run.Add(CheckRules.InvalidDefinitionDescription, CheckFindings.InvalidDefinitionDescription(kind, example), instruction.Range);
            }
        }
    }

    /// <summary>LINT-INVALID-DEFAULT-ARG-IN-FROM: every base name, expanded with global ARG defaults only, must be a valid reference.</summary>
    private static void CheckDefaultArgsInFrom(CheckRun run)
    {
        if (run.DefaultEnv is not { } env)
        {
            return;
        }

        foreach (var stage in run.Stages)
        {
            var value = run.TryExpand(stage.From.BaseName, env, out _);
            if (value is null)
            {
                return;
            }

            if (!ImageReference.TryParse(value, out _))
            {
                run.Add(CheckRules.InvalidDefaultArgInFrom, CheckFindings.InvalidDefaultArgInFrom(stage.From.BaseName), stage.From.Range);
            }
        }
    }
}
