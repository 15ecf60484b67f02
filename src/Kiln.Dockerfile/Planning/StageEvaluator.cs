using System.Globalization;
using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Instructions;
using Kiln.Dockerfile.Shell;
using Kiln.Dockerfile.Syntax;
using Kiln.Oci.Images;

namespace Kiln.Dockerfile.Planning;

/// <summary>
/// The stage evaluator: walks one stage's instructions as BuildKit dispatches them and gives, per step, the
/// expanded instruction and the state it runs with (DF-VAR-*, DF-ARG-*, DF-ENV*, DF-WORKDIR*, DF-USER, DF-SHELL,
/// DF-CMD, DF-ENTRYPOINT-RESETS-CMD, DF-EXPOSE-*, DF-ONBUILD*, DF-FROM-ONBUILD, DF-RUN-ENV, DF-RUN-MOUNT*,
/// DF-HEREDOC-RUN-*, DF-IMG-PATH). The base's ONBUILD triggers run first and are cleared.
/// </summary>
public sealed partial class StageEvaluator
{
    // BuildKit keeps these out of the build environment (SBOM switches, DF-PARG-SBOM-SCAN).
    private static readonly string[] NonEnvArgs = ["BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE"];

    private static readonly string[] ProxyArgs = ["HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY"];

    private readonly BuildPlan _plan;
    private readonly ShellLexer _lexer;
    private readonly ShellLexer _heredocLexer = new(ExpansionTable.HeredocEscapeToken, ExpansionTable.HeredocOptions);
    private readonly NamedContextMatcher _contexts;
    private readonly string?[] _names;

    public StageEvaluator(BuildPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        _plan = plan;
        _lexer = new ShellLexer(plan.EscapeToken);
        _contexts = new NamedContextMatcher(plan.Request.NamedContexts);
        _names = plan.Stages.Select(s => s.Name).ToArray();
    }

    /// <summary>Evaluates a stage whose base is an image, a named context or scratch.</summary>
    public EvaluatedStage Evaluate(StagePlan stage, BaseImageState baseState, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentNullException.ThrowIfNull(baseState);
        return Run(stage, StageStateBuilder.FromBase(baseState, stage.Platform), baseState.OnBuild, cancellationToken);
    }

    /// <summary>Evaluates a stage built FROM another stage, starting from that stage's final state (DF-FROM-STAGE).</summary>
    public EvaluatedStage Evaluate(StagePlan stage, StageState parent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentNullException.ThrowIfNull(parent);
        return Run(stage, StageStateBuilder.FromStage(parent), parent.OnBuild, cancellationToken);
    }

    /// <summary>
    /// Evaluates the needed stages in build order (or all stages, in file order, with <paramref name="allStages"/>),
    /// chaining stage bases; <paramref name="baseProvider"/> gives image/context bases (default: scratch for
    /// <c>scratch</c>, <see cref="BaseImageState.Unknown"/> otherwise).
    /// </summary>
    public IReadOnlyDictionary<int, EvaluatedStage> EvaluateAll(Func<StagePlan, BaseImageState>? baseProvider = null, bool allStages = false, CancellationToken cancellationToken = default)
    {
        var results = new Dictionary<int, EvaluatedStage>();
        foreach (var stage in allStages ? _plan.Stages : _plan.BuildOrder)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results[stage.Index] = EvaluateOne(stage, results, baseProvider, cancellationToken);
        }

        return results;
    }

    private EvaluatedStage EvaluateOne(StagePlan stage, Dictionary<int, EvaluatedStage> results, Func<StagePlan, BaseImageState>? baseProvider, CancellationToken cancellationToken)
    {
        if (stage.Base is StageReferenceBase parent)
        {
            if (!results.TryGetValue(parent.StageIndex, out var evaluated))
            {
                evaluated = EvaluateOne(_plan.Stages[parent.StageIndex], results, baseProvider, cancellationToken);
                results[parent.StageIndex] = evaluated;
            }

            return Evaluate(stage, evaluated.Final, cancellationToken);
        }

        var state = baseProvider?.Invoke(stage) ?? (stage.Base is ScratchBase ? BaseImageState.Scratch : BaseImageState.Unknown);
        return Evaluate(stage, state, cancellationToken);
    }

    /// <summary>BuildKit's Unix WORKDIR normalisation: relative paths join the current directory; the result is clean and absolute.</summary>
    internal static string NormalizeWorkdir(string? current, string path) =>
        UnixPath.IsAbsolute(path) ? UnixPath.Clean(path) : UnixPath.Join("/", string.IsNullOrEmpty(current) ? "/" : current, path);

    private EvaluatedStage Run(StagePlan stage, StageStateBuilder state, IReadOnlyList<string> triggers, CancellationToken cancellationToken)
    {
        var initial = state.Snapshot();
        var steps = new List<EvaluatedStep>();
        if (stage.IsReplacedByContext)
        {
            return new EvaluatedStage(stage, initial, steps, initial);
        }

        foreach (var trigger in triggers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var instruction = ParseTrigger(trigger, stage);
            steps.Add(Step(instruction, true, stage, state));
        }

        foreach (var instruction in stage.Instructions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            steps.Add(Step(instruction, false, stage, state));
        }

        return new EvaluatedStage(stage, initial, steps, state.Snapshot());
    }

    private Instruction ParseTrigger(string trigger, StagePlan stage)
    {
        var at = stage.From.KeywordRange;
        var source = new SourceFile(_plan.FilePath ?? "Dockerfile", trigger);
        try
        {
            var syntax = new DockerfileParser().Parse(source);
            if (syntax.Instructions.Count != 1)
            {
                throw new DockerfileException(PlanningErrorIds.OnbuildTrigger, "onbuild trigger should be a single expression", _plan.FilePath, at);
            }

            return new InstructionParser().Parse(syntax.Instructions[0], source);
        }
        catch (DockerfileException ex) when (ex.Diagnostic.Range != at)
        {
            throw new DockerfileException(ex.Diagnostic.Id, ex.Diagnostic.Message, _plan.FilePath, at, ex.Diagnostic.Suggestion);
        }
    }

    private EvaluatedStep Step(Instruction instruction, bool isTrigger, StagePlan stage, StageStateBuilder state)
    {
        var range = isTrigger ? stage.From.KeywordRange : instruction.KeywordRange;
        try
        {
            return Dispatch(instruction, isTrigger, range, state);
        }
        catch (DockerfileException ex) when (isTrigger && ex.Diagnostic.Range != range)
        {
            throw new DockerfileException(ex.Diagnostic.Id, ex.Diagnostic.Message, _plan.FilePath, range, ex.Diagnostic.Suggestion);
        }
    }

    private EvaluatedStep Dispatch(Instruction instruction, bool isTrigger, SourceRange range, StageStateBuilder state)
    {
        var before = state.Snapshot();
        var env = state.BuildEnv.Clone();
        var expander = new RecordingExpander(_lexer, env, _plan.FilePath, range);
        var undefined = new List<UndefinedVariable>();
        Instruction expanded = instruction;
        RunStep? run = null;
        DependencySource? copySource = null;
        IReadOnlyList<string> ports = [];

        switch (instruction)
        {
            case ArgInstruction arg:
                expanded = DispatchArg(arg, range, state, undefined);
                break;
            case EnvInstruction e:
                var env2 = e.Expand(expander);
                foreach (var pair in env2.Pairs)
                {
                    state.SetEnv(pair.Key, pair.Value);
                }

                expanded = env2;
                break;
            case RunInstruction r:
                var runExpanded = r.Expand(expander);
                run = BuildRun(runExpanded, range, state);
                expanded = runExpanded;
                break;
            case CopyInstruction c:
                var copy = c.Expand(expander);
                copy = copy with { HeredocSources = ExpandHeredocs(copy.HeredocSources, env, range, undefined, state) };
                copySource = copy.From is null ? null : ResolveSource(copy.From, range);
                expanded = copy;
                break;
            case AddInstruction a:
                var add = a.Expand(expander);
                expanded = add with { HeredocSources = ExpandHeredocs(add.HeredocSources, env, range, undefined, state) };
                break;
            case WorkdirInstruction w:
                var workdir = w.Expand(expander);
                state.WorkingDir = NormalizeWorkdir(state.WorkingDir, workdir.Path);
                expanded = workdir;
                break;
            case UserInstruction u:
                var user = u.Expand(expander);
                state.User = user.User;
                expanded = user;
                break;
            case VolumeInstruction v:
                var volume = v.Expand(expander);
                foreach (var path in volume.Paths.Where(p => !state.Volumes.Contains(p, StringComparer.Ordinal)))
                {
                    state.Volumes.Add(path);
                }

                expanded = volume;
                break;
            case StopSignalInstruction s:
                var signal = s.Expand(expander);
                state.StopSignal = signal.Signal;
                expanded = signal;
                break;
            case LabelInstruction l:
                var label = l.Expand(expander);
                foreach (var pair in label.Pairs)
                {
                    state.Labels[pair.Key] = pair.Value;
                }

                expanded = label;
                break;
            case ExposeInstruction x:
                var expose = x.Expand(expander);
                ports = ParsePorts(expose.Ports, range);
                state.ExposedPorts.UnionWith(ports);
                expanded = expose;
                break;
            case CmdInstruction cmd:
                state.Cmd = WithShell(cmd.Command, state);
                state.ArgsEscaped = true;
                state.CmdSetInStage = true;
                break;
            case EntrypointInstruction entrypoint:
                state.Entrypoint = WithShell(entrypoint.Command, state);
                if (!state.CmdSetInStage)
                {
                    state.Cmd = null;
                }

                break;
            case ShellInstruction shell:
                state.Shell = shell.Shell;
                break;
            case HealthcheckInstruction h:
                state.Healthcheck = new HealthConfig
                {
                    Test = h.Test,
                    Interval = h.Interval,
                    Timeout = h.Timeout,
                    StartPeriod = h.StartPeriod,
                    StartInterval = h.StartInterval,
                    Retries = h.Retries,
                };
                break;
            case MaintainerInstruction m:
                state.Author = m.Maintainer;
                break;
            case OnbuildInstruction o:
                state.OnBuild.Add(o.Expression);
                break;
        }

        undefined.AddRange(Undefined(expander.Unmatched, state, before.Args));
        return new EvaluatedStep
        {
            Instruction = instruction,
            Expanded = expanded,
            IsOnbuildTrigger = isTrigger,
            Range = range,
            UndefinedVariables = Distinct(undefined),
            Before = before,
            After = state.Snapshot(),
            Run = run,
            CopySource = copySource,
            ExposedPorts = ports,
        };
    }

    /// <summary>
    /// ARG (DF-ARG-VALUE): <c>--build-arg</c> &gt; default (expanded with the environment at that point) &gt; the
    /// global value for a value-less redeclaration; a value enters the build environment (DF-ARG-RUN-ENV).
    /// </summary>
    private ArgInstruction DispatchArg(ArgInstruction arg, SourceRange range, StageStateBuilder state, List<UndefinedVariable> undefined)
    {
        var definitions = new List<ArgDefinition>();
        foreach (var definition in arg.Args)
        {
            var hasBuildArg = _plan.Request.BuildArgs.TryGetValue(definition.Name, out var given);
            string? value = null;
            var imported = false;
            if (hasBuildArg)
            {
                value = given;
            }
            else if (definition.Value is not null)
            {
                var expander = new RecordingExpander(_lexer, state.BuildEnv.Clone(), _plan.FilePath, range);
                value = expander.ExpandWord(definition.Value);
                undefined.AddRange(Undefined(expander.Unmatched, state, state.Args));
            }
            else if (_plan.TryGetGlobal(definition.Name, out var global))
            {
                value = global;
                imported = true;
            }

            if (value is not null && !NonEnvArgs.Contains(definition.Name, StringComparer.Ordinal))
            {
                state.BuildEnv.Set(definition.Name, value);
            }

            state.Args.Add(new ScopedArg(definition.Name, value, arg.Range, imported));
            definitions.Add(new ArgDefinition(definition.Name, value));
        }

        return arg with { Args = definitions };
    }

    /// <summary>UndefinedVar candidates: not a declared ARG, not an SBOM switch; none at all when the base env is unknown.</summary>
    private static IEnumerable<UndefinedVariable> Undefined(IEnumerable<string> unmatched, StageStateBuilder state, IReadOnlyList<ScopedArg> declared)
    {
        if (!state.EnvKnown)
        {
            yield break;
        }

        foreach (var name in unmatched)
        {
            if (declared.Any(a => string.Equals(a.Name, name, StringComparison.Ordinal)) || NonEnvArgs.Contains(name, StringComparer.Ordinal))
            {
                continue;
            }

            yield return new UndefinedVariable(name, Suggestions.Closest(name, state.BuildEnv.Entries.Select(e => e.Key)));
        }
    }

    private static List<UndefinedVariable> Distinct(List<UndefinedVariable> list) =>
        list.DistinctBy(u => u.Name, StringComparer.Ordinal).ToList();

    /// <summary>
    /// COPY/ADD heredoc bodies: leading tabs stripped first for <c>&lt;&lt;-</c> (DF-HEREDOC-CHOMP, as BuildKit's
    /// <c>parseSourcesAndDest</c> does), then, with an unquoted delimiter, only <c>$</c> and <c>\</c> processed (DF-HEREDOC-COPY-EXPAND).
    /// </summary>
    private IReadOnlyList<Heredoc> ExpandHeredocs(IReadOnlyList<Heredoc> heredocs, ShellEnvironment env, SourceRange range, List<UndefinedVariable> undefined, StageStateBuilder state)
    {
        if (heredocs.Count == 0)
        {
            return heredocs;
        }

        var expander = new RecordingExpander(_heredocLexer, env, _plan.FilePath, range);
        var result = heredocs
            .Select(h => h.Chomp ? h with { Content = HeredocWords.Chomp(h.Content) } : h)
            .Select(h => h.Expand ? h with { Content = expander.ExpandWord(h.Content) } : h).ToArray();
        undefined.AddRange(Undefined(expander.Unmatched, state, state.Args));
        return result;
    }

    private DependencySource ResolveSource(string reference, SourceRange range)
    {
        if (SourceResolver.TryResolve(reference, _names, _contexts, out var source, out var error))
        {
            return source!;
        }

        var id = error!.StartsWith("invalid stage index", StringComparison.Ordinal) ? PlanningErrorIds.InvalidStageIndex : PlanningErrorIds.InvalidReference;
        throw new DockerfileException(id, error, _plan.FilePath, range);
    }

    private List<string> ParsePorts(IReadOnlyList<string> words, SourceRange range)
    {
        var result = new List<string>();
        foreach (var word in words)
        {
            var ports = ExposeParser.Parse(word, out var error)
                ?? throw new DockerfileException(PlanningErrorIds.InvalidExpose, error!, _plan.FilePath, range);
            result.AddRange(ports);
        }

        return result;
    }

    /// <summary>Shell form wrapped with the current SHELL (default <c>/bin/sh -c</c>, Windows <c>cmd /S /C</c>); exec form as-is.</summary>
    private static List<string> WithShell(CommandLine command, StageStateBuilder state)
    {
        if (!command.IsShellForm)
        {
            return [.. command.Arguments];
        }

        return WrapShell(command.Arguments, state);
    }

    private static List<string> WrapShell(IReadOnlyList<string> args, StageStateBuilder state)
    {
        List<string> shell = state.Shell is { Count: > 0 } custom
            ? [.. custom]
            : state.Platform.OS.Equals("windows", StringComparison.OrdinalIgnoreCase) ? ["cmd", "/S", "/C"] : ["/bin/sh", "-c"];
        shell.Add(string.Join(' ', args));
        return shell;
    }

    internal static string FormatIndex(int value) => value.ToString(CultureInfo.InvariantCulture);
}
