using System.Globalization;
using System.Text;
using Kiln.Build.Frontend;
using Kiln.Dockerfile.Planning;
using Kiln.Dockerfile.Syntax;

namespace Kiln.Cli.Rendering;

/// <summary>
/// Renders a planned build for <c>kiln build --dry-run</c>: the stages the target needs in build order,
/// each step named as BuildKit names it (<c>[build 2/4] WORKDIR /src</c>), and the target's resulting config.
/// </summary>
internal static class PlanRenderer
{
    public static string Render(DockerfileAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var plan = analysis.Plan!;
        var stages = analysis.Stages!;
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.Append(inv, $"plan: target {plan.Target.DisplayName}, {plan.BuildOrder.Count} of {plan.Stages.Count} stage(s) needed, platform {plan.Request.TargetPlatform}\n");
        foreach (var arg in plan.GlobalArgs)
        {
            sb.Append(inv, $"global ARG {arg.Name}={arg.Value ?? "(unset)"}\n");
        }

        var single = plan.Stages.Count == 1;
        var number = 0;
        foreach (var stage in plan.BuildOrder)
        {
            var evaluated = stages[stage.Index];
            var total = evaluated.Steps.Count + 1;
            var prefix = single ? string.Empty : stage.DisplayName + " ";
            var from = stage.Base switch
            {
                ScratchBase => "scratch",
                StageReferenceBase => stage.BaseName + " (stage)",
                _ => stage.BaseName,
            };
            sb.Append(inv, $"#{++number} [{prefix}1/{total}] FROM {from}\n");
            var index = 1;
            foreach (var step in evaluated.Steps)
            {
                var marker = step.IsOnbuildTrigger ? "ONBUILD " : string.Empty;
                sb.Append(inv, $"#{++number} [{prefix}{++index}/{total}] {marker}{step.Instruction.Node.Original.Replace('\n', ' ')}\n");
                if (step.Run is { } run)
                {
                    sb.Append("    argv: ").Append(Quote(run.Argv)).Append('\n');
                }
            }
        }

        var final = stages[plan.Target.Index].Final;
        sb.Append("image config:\n");
        sb.Append("  Env: ").Append(Quote(final.Env)).Append('\n');
        sb.Append("  WorkingDir: ").Append(final.WorkingDirectory).Append('\n');
        if (final.User is { Length: > 0 } user)
        {
            sb.Append("  User: ").Append(user).Append('\n');
        }

        if (final.Entrypoint is { } entrypoint)
        {
            sb.Append("  Entrypoint: ").Append(Quote(entrypoint)).Append('\n');
        }

        if (final.Cmd is { } cmd)
        {
            sb.Append("  Cmd: ").Append(Quote(cmd)).Append('\n');
        }

        if (final.ExposedPorts.Count > 0)
        {
            sb.Append("  ExposedPorts: ").Append(string.Join(' ', final.ExposedPorts)).Append('\n');
        }

        foreach (var label in final.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            sb.Append(inv, $"  Label: {label.Key}={label.Value}\n");
        }

        return sb.ToString();
    }

    /// <summary>A JSON-like list with each value quoted and escaped (Go <c>%q</c> style), one line however long.</summary>
    private static string Quote(IReadOnlyList<string> values) =>
        "[" + string.Join(", ", values.Select(SyntaxDump.Quote)) + "]";
}
