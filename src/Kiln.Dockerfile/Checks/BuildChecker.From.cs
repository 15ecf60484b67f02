using Kiln.Dockerfile.Shell;
using Kiln.Oci;

namespace Kiln.Dockerfile.Checks;

/// <summary>
/// Rules BuildKit runs on each stage's FROM with the global ARGs (locally skippable by a <c># check=</c> comment above
/// the FROM): UndefinedArgInFrom, RedundantTargetPlatform, FromPlatformFlagConstDisallowed; also links a stage to the
/// earlier stage it is based on.
/// </summary>
public sealed partial class BuildChecker
{
    private static void CheckFromArgs(CheckRun run, CheckStage stage)
    {
        var from = stage.From;
        var scope = from.Node;
        if (run.GlobalEnv is not { } env)
        {
            return;
        }

        var baseName = Process(run, from.BaseName, env);
        if (baseName is not null)
        {
            ReportUndeclared(run, baseName.Unmatched, stage);
            stage.Parent = run.Stages.TakeWhile(s => s != stage).LastOrDefault(s => s.From.StageName == baseName.Value);
            if (stage.Parent is { } parent)
            {
                stage.Env = parent.Env.Clone();
                stage.HasShell = parent.HasShell;
                stage.WorkdirSet = parent.WorkdirSet;
            }
        }

        if (from.Platform is not { } platformText || Process(run, platformText, env) is not { } platform)
        {
            return;
        }

        ReportUndeclared(run, platform.Unmatched, stage);

        // Only a lone $TARGETPLATFORM that expanded to the target platform is redundant.
        if (platform.Matched.Count == 1 && platform.Unmatched.Count == 0 && platform.Matched.Contains("TARGETPLATFORM")
            && env.TryGet("TARGETPLATFORM", out var target) && platform.Value == target)
        {
            run.Add(CheckRules.RedundantTargetPlatform, CheckFindings.RedundantTargetPlatform(platformText), from.Range, scope);
        }

        if (platform.Matched.Count == 0 && platform.Unmatched.Count == 0 && Platform.TryParse(platform.Value, out var constant))
        {
            var stageName = from.StageName ?? string.Empty;
            if (!stageName.Contains(constant.OS, StringComparison.Ordinal) && !stageName.Contains(constant.Architecture, StringComparison.Ordinal))
            {
                run.Add(CheckRules.FromPlatformFlagConstDisallowed, CheckFindings.FromPlatformFlagConstDisallowed(platform.Value), from.Range, scope);
            }
        }
    }

    private static ShellWordResult? Process(CheckRun run, string word, ShellEnvironment env)
    {
        try
        {
            return run.Lexer.ProcessWord(word, env);
        }
        catch (ShellExpansionException)
        {
            return null;
        }
    }

    /// <summary>LINT-UNDEFINED-ARG-IN-FROM for variables neither declared as global ARGs nor automatic platform ARGs.</summary>
    private static void ReportUndeclared(CheckRun run, IReadOnlySet<string> unmatched, CheckStage stage)
    {
        foreach (var name in unmatched.Order(StringComparer.Ordinal))
        {
            if (run.ArgKeys.Contains(name))
            {
                continue;
            }

            var suggestion = GoText.Suggest(name, run.ArgKeys);
            run.Add(CheckRules.UndefinedArgInFrom, CheckFindings.UndefinedArgInFrom(name, suggestion), stage.From.Range, stage.From.Node);
        }
    }
}
