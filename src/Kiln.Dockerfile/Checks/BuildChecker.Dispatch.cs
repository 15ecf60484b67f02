using Kiln.Dockerfile.Instructions;
using Kiln.Dockerfile.Shell;

namespace Kiln.Dockerfile.Checks;

/// <summary>
/// Rules BuildKit runs while dispatching each instruction of a stage (locally skippable by a <c># check=</c> comment
/// directly above the instruction): JSONArgsRecommended, MultipleInstructionsDisallowed, WorkdirRelativePath,
/// LegacyKeyValueFormat, SecretsUsedInArgOrEnv, ExposeProtoCasing, ExposeInvalidFormat, CopyIgnoredFile.
/// </summary>
public sealed partial class BuildChecker
{
    private static readonly string[] SecretTokens =
        ["apikey", "auth", "credential", "credentials", "key", "password", "pword", "passwd", "secret", "token"];

    private static readonly string[] AllowedTokens = ["public", "file", "version"];

    private static void DispatchStage(CheckRun run, CheckStage stage)
    {
        Instruction? lastCmd = null;
        Instruction? lastEntrypoint = null;
        Instruction? lastHealthcheck = null;
        foreach (var instruction in stage.Commands)
        {
            var scope = instruction.Node;
            switch (instruction)
            {
                case EnvInstruction env:
                    foreach (var pair in env.Pairs)
                    {
                        if (env.IsLegacyForm)
                        {
                            run.Add(CheckRules.LegacyKeyValueFormat, CheckFindings.LegacyKeyValueFormat(env.Keyword), env.Range, scope);
                        }

                        var key = run.TryExpand(pair.Key, stage.Env, out _) ?? pair.Key;
                        CheckSecret(run, "ENV", key, env);
                        SetKnown(run, stage, key, pair.Value);
                    }

                    break;
                case LabelInstruction label when label.IsLegacyForm:
                    foreach (var unused in label.Pairs)
                    {
                        run.Add(CheckRules.LegacyKeyValueFormat, CheckFindings.LegacyKeyValueFormat(label.Keyword), label.Range, scope);
                    }

                    break;
                case ArgInstruction arg:
                    foreach (var definition in arg.Args)
                    {
                        CheckSecret(run, "ARG", definition.Name, arg);
                        DefineArg(run, stage, definition);
                    }

                    break;
                case CmdInstruction cmd:
                    CheckUsedOnce(run, cmd, ref lastCmd);
                    CheckJsonArgs(run, stage, cmd, cmd.Command);
                    break;
                case EntrypointInstruction entrypoint:
                    CheckUsedOnce(run, entrypoint, ref lastEntrypoint);
                    CheckJsonArgs(run, stage, entrypoint, entrypoint.Command);
                    break;
                case HealthcheckInstruction healthcheck:
                    CheckUsedOnce(run, healthcheck, ref lastHealthcheck);
                    break;
                case ShellInstruction:
                    stage.HasShell = true;
                    break;
                case WorkdirInstruction workdir:
                    CheckWorkdir(run, stage, workdir);
                    break;
                case ExposeInstruction expose:
                    CheckExpose(run, stage, expose);
                    break;
                case CopyInstruction { From: null } copy:
                    CheckIgnoredSources(run, stage, copy, "Copy", copy.Sources);
                    break;
                case AddInstruction add:
                    CheckIgnoredSources(run, stage, add, "Add", add.Sources.Where(s => !FileInstructionRules.IsUrl(s) && !FileInstructionRules.IsGitRef(s)));
                    break;
            }
        }
    }

    /// <summary>LINT-MULTIPLE-INSTR: reports the earlier instruction (it is the one ignored), under the later one's comments.</summary>
    private static void CheckUsedOnce(CheckRun run, Instruction instruction, ref Instruction? previous)
    {
        if (previous is not null)
        {
            run.Add(CheckRules.MultipleInstructionsDisallowed, CheckFindings.MultipleInstructionsDisallowed(instruction.Keyword), previous.Range, instruction.Node);
        }

        previous = instruction;
    }

    /// <summary>LINT-JSON-ARGS: shell-form CMD/ENTRYPOINT unless a SHELL was set in the stage or the stage it builds on.</summary>
    private static void CheckJsonArgs(CheckRun run, CheckStage stage, Instruction instruction, CommandLine command)
    {
        if (command.IsShellForm && !stage.HasShell)
        {
            run.Add(CheckRules.JsonArgsRecommended, CheckFindings.JsonArgsRecommended(instruction.Keyword), instruction.Range, instruction.Node);
        }
    }

    /// <summary>LINT-SECRETS-IN-ARG-ENV: a <c>_</c>-delimited word of the name is a secret token and none is allow-listed.</summary>
    private static void CheckSecret(CheckRun run, string kind, string name, Instruction instruction)
    {
        var words = name.Split('_');
        if (words.Any(w => SecretTokens.Contains(w, StringComparer.OrdinalIgnoreCase))
            && !words.Any(w => AllowedTokens.Contains(w, StringComparer.OrdinalIgnoreCase)))
        {
            run.Add(CheckRules.SecretsUsedInArgOrEnv, CheckFindings.SecretsUsedInArgOrEnv(kind, name), instruction.Range, instruction.Node);
        }
    }

    /// <summary>LINT-WORKDIR-RELATIVE: the first WORKDIR of a stage chain must be absolute (checked after expansion).</summary>
    private static void CheckWorkdir(CheckRun run, CheckStage stage, WorkdirInstruction workdir)
    {
        if (!stage.WorkdirSet)
        {
            // A path that depends on variables the checker cannot see (base image env) is not judged.
            var path = run.TryExpand(workdir.Path, stage.Env, out var complete);
            if (path is not null && complete && !IsAbsolute(path, run.TargetPlatform.OS))
            {
                run.Add(CheckRules.WorkdirRelativePath, CheckFindings.WorkdirRelativePath(path), workdir.Range, workdir.Node);
            }
        }

        stage.WorkdirSet = true;
    }

    private static bool IsAbsolute(string path, string os)
    {
        if (os != "windows")
        {
            return path.StartsWith('/');
        }

        return path.StartsWith('/') || path.StartsWith('\\') || (path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':');
    }

    /// <summary>LINT-EXPOSE-PROTO-CASING and LINT-EXPOSE-INVALID-FORMAT for each expanded port word.</summary>
    private static void CheckExpose(CheckRun run, CheckStage stage, ExposeInstruction expose)
    {
        foreach (var word in expose.Ports)
        {
            ShellWordsResult words;
            try
            {
                words = run.Lexer.ProcessWords(word, stage.Env);
            }
            catch (ShellExpansionException)
            {
                continue;
            }

            if (words.Unmatched.Count > 0)
            {
                continue;
            }

            foreach (var port in words.Words)
            {
                var parts = port.Split(':');
                var hostIp = parts.Length > 2 ? string.Join(':', parts[..^2]) : string.Empty;
                var hostPort = parts.Length > 1 ? parts[^2] : string.Empty;
                var containerPort = parts[^1];
                var slash = containerPort.IndexOf('/', StringComparison.Ordinal);
                var number = slash < 0 ? containerPort : containerPort[..slash];
                var proto = slash < 0 ? string.Empty : containerPort[(slash + 1)..];
                if (number.Length == 0 || proto.ToLowerInvariant() is not ("" or "tcp" or "udp" or "sctp"))
                {
                    // Invalid port specs are errors reported when the instruction is evaluated.
                    continue;
                }

                if (proto != proto.ToLowerInvariant())
                {
                    run.Add(CheckRules.ExposeProtoCasing, CheckFindings.ExposeProtoCasing(port), expose.Range, expose.Node);
                }

                if (hostIp.Length > 0 || hostPort.Length > 0)
                {
                    run.Add(CheckRules.ExposeInvalidFormat, CheckFindings.ExposeInvalidFormat(port), expose.Range, expose.Node);
                }
            }
        }
    }

    /// <summary>
    /// LINT-COPY-IGNORED-FILE (experimental): build-context sources of COPY/ADD that <c>.dockerignore</c> excludes. Skipped
    /// when the ignore file has exceptions, and for sources whose variables are unknown or that name the context root.
    /// </summary>
    private static void CheckIgnoredSources(CheckRun run, CheckStage stage, Instruction instruction, string command, IEnumerable<string> sources)
    {
        if (run.Input.IgnoreProbe is not { HasExceptions: false } probe)
        {
            return;
        }

        foreach (var source in sources)
        {
            var expanded = run.TryExpand(source, stage.Env, out var complete);
            if (expanded is null || !complete)
            {
                continue;
            }

            var path = GoText.CleanPath(expanded.Replace('\\', '/'));
            if (path is "." or "/")
            {
                continue;
            }

            if (probe.Describe(path.TrimStart('/')) is { } reason)
            {
                run.Add(CheckRules.CopyIgnoredFile, CheckFindings.CopyIgnoredFile(command, path), instruction.Range, instruction.Node, reason);
            }
        }
    }

    /// <summary>Records an ARG's value in the stage: build argument, else its default, else the global ARG's value.</summary>
    private static void DefineArg(CheckRun run, CheckStage stage, ArgDefinition definition)
    {
        if (run.BuildArgs.TryGetValue(definition.Name, out var given))
        {
            stage.Env.Set(definition.Name, given);
        }
        else if (definition.Value is not null)
        {
            SetKnown(run, stage, definition.Name, definition.Value);
        }
        else if (run.GlobalEnv is { } global && global.TryGet(definition.Name, out var inherited))
        {
            stage.Env.Set(definition.Name, inherited);
        }
    }

    private static void SetKnown(CheckRun run, CheckStage stage, string name, string rawValue)
    {
        if (run.TryExpand(rawValue, stage.Env, out _) is { } value)
        {
            stage.Env.Set(name, value);
        }
    }
}
