using System.Text.RegularExpressions;
using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Instructions;
using Kiln.Dockerfile.Shell;

namespace Kiln.Dockerfile.Planning;

/// <summary>RUN: argv per form (DF-RUN-SHELL/EXEC, DF-HEREDOC-RUN-*), environment (DF-RUN-ENV, DF-PARG-PROXY) and mounts (DF-RUN-MOUNT*).</summary>
public sealed partial class StageEvaluator
{
    private RunStep BuildRun(RunInstruction run, SourceRange range, StageStateBuilder state)
    {
        var (form, args, script) = Command(run.Command, state);
        var argv = form == RunCommandForm.Exec ? args : WrapShell(args, state);
        return new RunStep
        {
            Form = form,
            Argv = argv,
            Environment = state.BuildEnv.ToAssignments(),
            ProxyEnvironment = ProxyEnvironment(),
            Mounts = Mounts(run.Mounts, range, state),
            WorkingDirectory = state.WorkingDirectory,
            User = state.User,
            Network = run.Network,
            Security = run.Security,
            Script = script,
        };
    }

    private (RunCommandForm Form, List<string> Args, InlineScript? Script) Command(CommandLine command, StageStateBuilder state)
    {
        if (!command.IsShellForm)
        {
            return (RunCommandForm.Exec, [.. command.Arguments], null);
        }

        var text = command.ShellText ?? string.Empty;
        if (command.Heredocs.Count == 0)
        {
            return (RunCommandForm.Shell, [text], null);
        }

        if (IsLoneHeredoc(text))
        {
            var heredoc = command.Heredocs[0];
            var data = heredoc.Chomp ? LeadingTabs().Replace(heredoc.Content, string.Empty) : heredoc.Content;
            if (!state.Platform.OS.Equals("windows", StringComparison.OrdinalIgnoreCase) && data.StartsWith("#!", StringComparison.Ordinal))
            {
                var path = "/dev/pipes/" + heredoc.Name;
                return (RunCommandForm.HeredocShebang, [path], new InlineScript(path, data, Convert.ToUInt32("755", 8)));
            }

            return (RunCommandForm.HeredocScript, [data], null);
        }

        var script = text;
        foreach (var heredoc in command.Heredocs)
        {
            script += "\n" + heredoc.Content + heredoc.Name;
        }

        return (RunCommandForm.HeredocShell, [script], null);
    }

    /// <summary>True when the whole command is one heredoc word (<c>&lt;&lt;EOF</c>, <c>&lt;&lt;-"EOF"</c>).</summary>
    private bool IsLoneHeredoc(string text)
    {
        var match = LoneHeredoc().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        try
        {
            return _lexer.ProcessWords(match.Groups[1].Value, new ShellEnvironment()).Words.Count == 1;
        }
        catch (ShellExpansionException)
        {
            return false;
        }
    }

    /// <summary>Proxy <c>--build-arg</c>s in any case (keys in ordinal order, a later one wins, as BuildKit does).</summary>
    private Dictionary<string, string> ProxyEnvironment()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in _plan.Request.BuildArgs.Keys.Order(StringComparer.Ordinal))
        {
            var canonical = ProxyArgs.FirstOrDefault(p => p.Equals(key, StringComparison.OrdinalIgnoreCase));
            if (canonical is not null)
            {
                result[canonical] = _plan.Request.BuildArgs[key];
            }
        }

        return result;
    }

    /// <summary>
    /// Relative bind/cache/tmpfs targets are joined to WORKDIR; a cache without id uses its cleaned target;
    /// an ssh mount without target gets <c>/run/buildkit/ssh_agent.N</c> (N counts the step's ssh mounts).
    /// </summary>
    private List<RunMount> Mounts(IReadOnlyList<Mount> mounts, SourceRange range, StageStateBuilder state)
    {
        var result = new List<RunMount>();
        var sshCount = 0;
        foreach (var mount in mounts)
        {
            switch (mount)
            {
                case BindMount bind:
                    result.Add(new RunMount(bind with { Target = Target(bind.Target, range, state) }, bind.From is null ? null : ResolveSource(bind.From, range)));
                    break;
                case CacheMount cache:
                    var id = cache.Id ?? UnixPath.Clean(cache.Target ?? string.Empty);
                    result.Add(new RunMount(cache with { Id = id, Target = Target(cache.Target, range, state) }, cache.From is null ? null : ResolveSource(cache.From, range)));
                    break;
                case TmpfsMount tmpfs:
                    result.Add(new RunMount(tmpfs with { Target = Target(tmpfs.Target, range, state) }, null));
                    break;
                case SshMount ssh:
                    var target = ssh.Target ?? "/run/buildkit/ssh_agent." + FormatIndex(sshCount);
                    sshCount++;
                    result.Add(new RunMount(ssh with { Target = target }, null));
                    break;
                default:
                    result.Add(new RunMount(mount, null));
                    break;
            }
        }

        return result;
    }

    private string Target(string? target, SourceRange range, StageStateBuilder state)
    {
        var raw = target ?? string.Empty;
        var cleaned = UnixPath.Clean(raw);
        var resolved = UnixPath.IsAbsolute(cleaned) ? cleaned : UnixPath.Join("/", state.WorkingDirectory, raw);
        if (resolved == "/")
        {
            throw new DockerfileException(PlanningErrorIds.InvalidMountTarget, $"invalid mount target \"{resolved}\"", _plan.FilePath, range);
        }

        return resolved;
    }

    [GeneratedRegex("^\\d*<<-?\\s*([^<]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex LoneHeredoc();

    [GeneratedRegex("^\\t+", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex LeadingTabs();
}
