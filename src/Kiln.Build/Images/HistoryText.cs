using Kiln.Dockerfile.Instructions;
using Kiln.Dockerfile.Planning;

namespace Kiln.Build.Images;

/// <summary>
/// The <c>created_by</c> text BuildKit writes into the image history for each instruction (DF-IMG-HISTORY-TEXT):
/// <c>ENV k=v</c>, <c>CMD ["a" "b"]</c>, <c>EXPOSE [80/tcp]</c>, <c>COPY --chown=… src dest # buildkit</c>, …
/// Null for instructions that add no history (ONBUILD only stores a trigger).
/// </summary>
internal static class HistoryText
{
    /// <summary>The suffix BuildKit gives entries of instructions that ran on the filesystem state.</summary>
    public const string BuildkitSuffix = " # buildkit";

    public static string? For(EvaluatedStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var after = step.After;
        return step.Expanded switch
        {
            EnvInstruction env => "ENV " + string.Join(' ', env.Pairs.Select(p => p.Key + "=" + p.Value)),
            LabelInstruction label => "LABEL " + string.Join(' ', label.Pairs.Select(p => p.Key + "=" + p.Value)),
            MaintainerInstruction maintainer => "MAINTAINER " + maintainer.Maintainer,
            ExposeInstruction => "EXPOSE " + GoFormat.List(step.ExposedPorts),
            VolumeInstruction volume => "VOLUME " + GoFormat.List(volume.Paths),
            UserInstruction user => "USER " + user.User,
            WorkdirInstruction => "WORKDIR " + after.WorkingDirectory,
            ShellInstruction shell => "SHELL " + GoFormat.List(shell.Shell),
            StopSignalInstruction signal => "STOPSIGNAL " + signal.Signal,
            CmdInstruction => "CMD " + GoFormat.QuoteList(after.Cmd ?? []),
            EntrypointInstruction => "ENTRYPOINT " + GoFormat.QuoteList(after.Entrypoint ?? []),
            HealthcheckInstruction => "HEALTHCHECK " + Healthcheck(after),
            ArgInstruction arg => "ARG " + string.Join(' ', arg.Args.Select(a => ArgText(a.Name, after))),
            CopyInstruction copy => FileText("COPY", copy, copy.Parents) + BuildkitSuffix,
            AddInstruction add => FileText("ADD", add, false) + BuildkitSuffix,
            RunInstruction when step.Run is { } run => "RUN " + RunText(run, step.Before) + BuildkitSuffix,
            _ => null,
        };
    }

    // BuildKit's runCommandString: "|N k=v …" for every ARG declared in the stage, even one without a value ("B="; a
    // repeated name keeps its first place), valued as the RUN's environment has it (the ARG's value, or a later ENV's),
    // then argv.
    private static string RunText(RunStep run, StageState state)
    {
        var env = run.Environment.Select(e => e.Split('=', 2)).GroupBy(p => p[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last() is [_, var v] ? v : string.Empty, StringComparer.Ordinal);
        var args = new List<(string Name, string Value)>();
        foreach (var arg in state.Args)
        {
            var value = env.TryGetValue(arg.Name, out var fromEnv) ? fromEnv : arg.Value ?? string.Empty;
            var existing = args.FindIndex(a => a.Name == arg.Name);
            if (existing >= 0)
            {
                args[existing] = (arg.Name, value);
            }
            else
            {
                args.Add((arg.Name, value));
            }
        }

        var words = args.Count == 0 ? run.Argv : [$"|{args.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)}", .. args.Select(a => a.Name + "=" + a.Value), .. run.Argv];
        return string.Join(' ', words);
    }

    private static string ArgText(string name, StageState state)
    {
        var scoped = state.Args.LastOrDefault(a => a.Name == name);
        return scoped?.Value is { } value ? name + "=" + value : name;
    }

    private static string FileText(string keyword, FileInstruction file, bool parents)
    {
        var text = new System.Text.StringBuilder(keyword);
        if (parents)
        {
            text.Append(" --parents");
        }

        if (!string.IsNullOrEmpty(file.Chown))
        {
            text.Append(" --chown=").Append(file.Chown);
        }

        if (!string.IsNullOrEmpty(file.Chmod))
        {
            text.Append(" --chmod=").Append(file.Chmod);
        }

        foreach (var source in file.Sources)
        {
            text.Append(' ').Append(source);
        }

        foreach (var heredoc in file.HeredocSources)
        {
            text.Append(" <<").Append(heredoc.Name);
        }

        return text.Append(' ').Append(file.Destination).ToString();
    }

    // Go's %q of *HealthcheckConfig: &{["CMD" "x"] "30s" "3s" "0s" "0s" '\x03'}.
    private static string Healthcheck(StageState state)
    {
        var h = state.Healthcheck;
        if (h is null)
        {
            return "<nil>";
        }

        return "&{" + GoFormat.QuoteList(h.Test ?? []) + " " + GoFormat.Quote(GoFormat.Duration(h.Interval)) + " "
            + GoFormat.Quote(GoFormat.Duration(h.Timeout)) + " " + GoFormat.Quote(GoFormat.Duration(h.StartPeriod)) + " "
            + GoFormat.Quote(GoFormat.Duration(h.StartInterval)) + " " + GoFormat.QuoteRune(h.Retries) + "}";
    }
}
