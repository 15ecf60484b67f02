using System.Globalization;
using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Instructions;
using Kiln.Dockerfile.Shell;
using Kiln.Dockerfile.Syntax;
using Kiln.Oci;

namespace Kiln.Dockerfile.Planning;

/// <summary>
/// The stage planner (DF-LEX-FROM-FIRST, DF-ARG-GLOBAL*, DF-PARG-*, DF-VAR-FROM-SCOPE, DF-FROM*, DF-STAGE-*,
/// CTX-NAMED-USE): splits global ARGs from stages, evaluates the global scope, expands and classifies every
/// FROM, resolves stage dependencies, picks the target and orders the stages it needs. Stateless.
/// </summary>
public sealed class BuildPlanner
{
    /// <summary>Parses the instructions of <paramref name="syntax"/> and plans the build.</summary>
    public BuildPlan Plan(DockerfileSyntax syntax, BuildRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        var instructions = new InstructionParser().ParseAll(syntax);
        return Plan(instructions, request, syntax.Directives.EscapeToken, syntax.Source.Path, cancellationToken);
    }

    /// <summary>Plans the build from already parsed instructions.</summary>
    public BuildPlan Plan(IReadOnlyList<Instruction> instructions, BuildRequest request, char escapeToken = '\\', string? filePath = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instructions);
        ArgumentNullException.ThrowIfNull(request);
        filePath ??= instructions.Count > 0 ? instructions[0].FilePath : null;
        if (request.BuildArgs.TryGetValue("BUILDKIT_DISABLE_FILEOP", out var disableFileOp) && GoValues.ParseBool(disableFileOp) == true)
        {
            throw new DockerfileException(PlanningErrorIds.RemovedOption, "support for \"BUILDKIT_DISABLE_FILEOP\" build-arg was removed in BuildKit 0.11", filePath, null, "drop --build-arg BUILDKIT_DISABLE_FILEOP");
        }

        var lexer = new ShellLexer(escapeToken);

        // Global ARGs, then one body per FROM.
        var globals = new List<ArgInstruction>();
        var raw = new List<(FromInstruction From, List<Instruction> Body)>();
        foreach (var instruction in instructions)
        {
            if (instruction is FromInstruction from)
            {
                raw.Add((from, []));
            }
            else if (raw.Count > 0)
            {
                raw[^1].Body.Add(instruction);
            }
            else if (instruction is ArgInstruction arg)
            {
                globals.Add(arg);
            }
            else
            {
                throw new DockerfileException(PlanningErrorIds.NoBuildStage, "no build stage in current context", filePath, instruction.KeywordRange);
            }
        }

        if (raw.Count == 0)
        {
            throw new DockerfileException(PlanningErrorIds.NoStages, "dockerfile contains no stages to build", filePath, null);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var names = raw.Select(s => s.From.StageName).ToArray();
        var targetName = string.IsNullOrEmpty(request.Target) ? names[^1] ?? "default" : request.Target;
        var scope = AutomaticArgs(request, targetName);
        var globalArgs = EvaluateGlobals(globals, request, scope, lexer, filePath);
        var declaredGlobals = globalArgs.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);

        var contexts = new NamedContextMatcher(request.NamedContexts);
        var stages = new StagePlan[raw.Count];
        for (var i = 0; i < raw.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            stages[i] = PlanFrom(i, raw[i].From, raw[i].Body, names, stages, scope, declaredGlobals, contexts, request, lexer, filePath);
        }

        var target = ResolveTarget(request, names, stages);
        for (var i = 0; i < stages.Length; i++)
        {
            stages[i] = stages[i] with { Dependencies = Dependencies(stages[i], stages, names, contexts, filePath) };
        }

        CheckCycles(stages, filePath);
        var needed = Reachable(stages, target);
        foreach (var index in needed)
        {
            CheckDefinedBefore(stages[index], filePath);
        }

        for (var i = 0; i < stages.Length; i++)
        {
            stages[i] = stages[i] with { IsNeeded = needed.Contains(i) };
        }

        return new BuildPlan
        {
            Request = request,
            FilePath = filePath,
            EscapeToken = escapeToken,
            Stages = stages,
            Target = stages[target],
            BuildOrder = stages.Where(s => s.IsNeeded).ToArray(),
            GlobalInstructions = globals,
            GlobalArgs = globalArgs,
            GlobalScope = scope.Entries.ToArray(),
        };
    }

    /// <summary>The automatic platform ARGs and TARGETSTAGE, each overridable by <c>--build-arg</c> (DF-PARG-OVERRIDE).</summary>
    private static ShellEnvironment AutomaticArgs(BuildRequest request, string targetName)
    {
        var build = request.BuildPlatform.Normalize();
        var target = request.TargetPlatform.Normalize();
        var scope = new ShellEnvironment();
        void Add(string name, string value) => scope.Set(name, request.BuildArgs.TryGetValue(name, out var given) ? given : value);
        Add("BUILDPLATFORM", build.ToString());
        Add("BUILDOS", build.OS);
        Add("BUILDOSVERSION", build.OSVersion ?? string.Empty);
        Add("BUILDARCH", build.Architecture);
        Add("BUILDVARIANT", build.Variant ?? string.Empty);
        Add("TARGETPLATFORM", target.ToString());
        Add("TARGETOS", target.OS);
        Add("TARGETOSVERSION", target.OSVersion ?? string.Empty);
        Add("TARGETARCH", target.Architecture);
        Add("TARGETVARIANT", target.Variant ?? string.Empty);
        Add("TARGETSTAGE", targetName);
        return scope;
    }

    /// <summary>Evaluates global ARGs in order: <c>--build-arg</c>, else the default expanded with the scope so far (DF-ARG-VALUE).</summary>
    private static List<GlobalArg> EvaluateGlobals(List<ArgInstruction> globals, BuildRequest request, ShellEnvironment scope, ShellLexer lexer, string? filePath)
    {
        var result = new List<GlobalArg>();
        var depsByName = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var instruction in globals)
        {
            foreach (var definition in instruction.Args)
            {
                string? value = null;
                var deps = new HashSet<string>(StringComparer.Ordinal);
                if (request.BuildArgs.TryGetValue(definition.Name, out var given))
                {
                    value = given;
                }
                else if (definition.Value is not null)
                {
                    var expander = new RecordingExpander(lexer, scope, filePath, instruction.KeywordRange, PlanningErrorIds.GlobalArg);
                    value = expander.ExpandWord(definition.Value);
                    deps.UnionWith(expander.Matched);
                    if (deps.Remove(definition.Name) && depsByName.TryGetValue(definition.Name, out var previous))
                    {
                        deps.UnionWith(previous);
                    }
                }

                if (value is not null)
                {
                    scope.Set(definition.Name, value);
                }

                depsByName[definition.Name] = deps;
                var description = DocComments.Find(instruction.Node.PrecedingComments, definition.Name);
                result.Add(new GlobalArg(definition.Name, value, definition.Value, description, instruction, deps));
            }
        }

        return result;
    }

    private static StagePlan PlanFrom(
        int index,
        FromInstruction from,
        List<Instruction> body,
        string?[] names,
        StagePlan[] earlier,
        ShellEnvironment scope,
        HashSet<string> declaredGlobals,
        NamedContextMatcher contexts,
        BuildRequest request,
        ShellLexer lexer,
        string? filePath)
    {
        var nameExpander = new RecordingExpander(lexer, scope, filePath, from.KeywordRange);
        var baseName = nameExpander.ExpandWord(from.BaseName);
        if (baseName.Length == 0)
        {
            throw new DockerfileException(PlanningErrorIds.BlankBaseName, $"base name ({from.BaseName}) should not be blank", filePath, from.KeywordRange);
        }

        var used = new HashSet<string>(nameExpander.Matched, StringComparer.Ordinal);
        var undefined = new HashSet<string>(nameExpander.Unmatched, StringComparer.Ordinal);
        Platform? explicitPlatform = null;
        if (from.Platform is not null)
        {
            var platformExpander = new RecordingExpander(lexer, scope, filePath, from.KeywordRange);
            var value = platformExpander.ExpandWord(from.Platform);
            used.UnionWith(platformExpander.Matched);
            undefined.UnionWith(platformExpander.Unmatched);
            if (value.Length == 0)
            {
                throw new DockerfileException(PlanningErrorIds.InvalidPlatform, $"empty platform value from expression {from.Platform}", filePath, from.KeywordRange);
            }

            try
            {
                explicitPlatform = Platform.Parse(value);
            }
            catch (InvalidPlatformException ex)
            {
                throw new DockerfileException(PlanningErrorIds.InvalidPlatform, $"failed to parse platform {from.Platform}: {ex.Message}", filePath, from.KeywordRange);
            }
        }

        undefined.ExceptWith(declaredGlobals);
        var stageBase = ClassifyBase(index, from, baseName, names, contexts, filePath);
        var platform = explicitPlatform
            ?? (stageBase is StageReferenceBase parent ? earlier[parent.StageIndex].Platform : request.TargetPlatform.Normalize());
        return new StagePlan
        {
            Index = index,
            Name = from.StageName,
            DisplayName = names.Length == 1 ? string.Empty : from.StageName ?? string.Create(CultureInfo.InvariantCulture, $"stage-{index}"),
            Description = DocComments.Find(from.Node.PrecedingComments, from.StageName),
            From = from,
            BaseName = baseName,
            Base = stageBase,
            Platform = platform,
            HasExplicitPlatform = explicitPlatform is not null,
            Instructions = body,
            Dependencies = [],
            UsedGlobalArgs = used,
            UndefinedFromArgs = undefined,
        };
    }

    /// <summary>
    /// A context named after the stage replaces it; else an earlier stage by name (case-insensitive; BuildKit
    /// resolves FROM by name only, so <c>FROM 0</c> is the image <c>0</c>, unlike <c>COPY --from=0</c>);
    /// else <c>scratch</c>; else a context named like the base; else an image reference.
    /// </summary>
    private static StageBase ClassifyBase(int index, FromInstruction from, string baseName, string?[] names, NamedContextMatcher contexts, string? filePath)
    {
        if (from.StageName is not null && contexts.Find(from.StageName) is { } own)
        {
            return new NamedContextBase(own, true);
        }

        if (SourceResolver.FindStage(baseName, names, index) is { } stage)
        {
            return new StageReferenceBase(stage);
        }

        if (baseName == "scratch")
        {
            return new ScratchBase();
        }

        if (contexts.Find(baseName) is { } context)
        {
            return new NamedContextBase(context, false);
        }

        try
        {
            return new ImageBase(ImageReference.Parse(baseName));
        }
        catch (InvalidReferenceException ex)
        {
            throw new DockerfileException(PlanningErrorIds.InvalidReference, $"failed to parse stage name \"{baseName}\": {ex.Message}", filePath, from.KeywordRange);
        }
    }

    private static int ResolveTarget(BuildRequest request, string?[] names, StagePlan[] stages)
    {
        if (string.IsNullOrEmpty(request.Target))
        {
            return stages.Length - 1;
        }

        if (SourceResolver.FindStage(request.Target, names, names.Length) is { } found)
        {
            return found;
        }

        var candidates = stages.Select(s => s.DisplayName).Where(n => n.Length > 0).ToArray();
        var match = Suggestions.Closest(request.Target, candidates);
        var hint = match is null ? null : $"did you mean {match}?";
        throw new DockerfileException(
            PlanningErrorIds.TargetNotFound,
            $"target stage \"{request.Target}\" could not be found" + (hint is null ? string.Empty : $" ({hint})"),
            null,
            null,
            hint);
    }

    /// <summary>
    /// The FROM base stage, then (unless a context replaces the stage) the parent stage's ONBUILD triggers
    /// (DF-ONBUILD-STAGE-BASE, DF-ONBUILD-FROM-STAGE), then COPY --from and RUN --mount from of the body.
    /// </summary>
    private static List<StageDependency> Dependencies(StagePlan stage, StagePlan[] stages, string?[] names, NamedContextMatcher contexts, string? filePath)
    {
        var result = new List<StageDependency>();
        if (stage.Base is StageReferenceBase parent)
        {
            result.Add(new StageDependency(DependencyKind.Base, new DependencySource(stage.BaseName, parent.StageIndex, null, null), stage.From));
        }

        if (stage.IsReplacedByContext)
        {
            return result;
        }

        if (stage.Base is StageReferenceBase p)
        {
            foreach (var onbuild in stages[p.StageIndex].Instructions.OfType<OnbuildInstruction>())
            {
                AddUses(onbuild.Trigger, onbuild, result, names, contexts, filePath);
            }
        }

        foreach (var instruction in stage.Instructions)
        {
            AddUses(instruction, instruction, result, names, contexts, filePath);
        }

        return result;
    }

    private static void AddUses(Instruction instruction, Instruction owner, List<StageDependency> result, string?[] names, NamedContextMatcher contexts, string? filePath)
    {
        switch (instruction)
        {
            case CopyInstruction { From: { } from }:
                result.Add(new StageDependency(DependencyKind.CopyFrom, Resolve(from, owner, names, contexts, filePath), owner));
                break;
            case RunInstruction run:
                foreach (var mount in run.Mounts)
                {
                    var from = mount switch
                    {
                        BindMount b => b.From,
                        CacheMount c => c.From,
                        _ => null,
                    };
                    if (from is not null)
                    {
                        result.Add(new StageDependency(DependencyKind.MountFrom, Resolve(from, owner, names, contexts, filePath), owner));
                    }
                }

                break;
        }
    }

    private static DependencySource Resolve(string reference, Instruction owner, string?[] names, NamedContextMatcher contexts, string? filePath)
    {
        if (SourceResolver.TryResolve(reference, names, contexts, out var source, out var error))
        {
            return source!;
        }

        var id = error!.StartsWith("invalid stage index", StringComparison.Ordinal) ? PlanningErrorIds.InvalidStageIndex : PlanningErrorIds.InvalidReference;
        throw new DockerfileException(id, error, filePath, owner.KeywordRange);
    }

    /// <summary>Depth-first search over stage edges in file order; a back edge is a cycle (DF-STAGE-CYCLE).</summary>
    private static void CheckCycles(StagePlan[] stages, string? filePath)
    {
        var visited = new HashSet<int>();
        var path = new HashSet<int>();
        StageDependency? Visit(int index)
        {
            if (!visited.Add(index))
            {
                return null;
            }

            path.Add(index);
            foreach (var dependency in stages[index].Dependencies)
            {
                if (dependency.Source.StageIndex is not { } next)
                {
                    continue;
                }

                if (path.Contains(next) || Visit(next) is not null)
                {
                    return dependency;
                }
            }

            path.Remove(index);
            return null;
        }

        foreach (var stage in stages)
        {
            if (Visit(stage.Index) is { } edge)
            {
                var name = stage.DisplayName.Length > 0 ? stage.DisplayName : stage.Name ?? "stage-" + stage.Index.ToString(CultureInfo.InvariantCulture);
                throw new DockerfileException(PlanningErrorIds.CircularDependency, $"circular dependency detected on stage: {name}", filePath, edge.Instruction.KeywordRange);
            }
        }
    }

    private static HashSet<int> Reachable(StagePlan[] stages, int target)
    {
        var seen = new HashSet<int>();
        var stack = new Stack<int>();
        stack.Push(target);
        while (stack.Count > 0)
        {
            var index = stack.Pop();
            if (!seen.Add(index))
            {
                continue;
            }

            foreach (var dependency in stages[index].Dependencies)
            {
                if (dependency.Source.StageIndex is { } next)
                {
                    stack.Push(next);
                }
            }
        }

        return seen;
    }

    /// <summary>A needed stage may only use stages defined before it (DF-STAGE-ORDER).</summary>
    private static void CheckDefinedBefore(StagePlan stage, string? filePath)
    {
        foreach (var dependency in stage.Dependencies)
        {
            if (dependency.Source.StageIndex is not { } used || used < stage.Index)
            {
                continue;
            }

            var message = dependency.Kind == DependencyKind.MountFrom
                ? $"cannot mount from stage \"{dependency.Source.Reference}\" to stage \"{stage.DisplayName}\", stage needs to be defined before current command"
                : $"cannot copy from stage \"{dependency.Source.Reference}\", it needs to be defined before current stage \"{stage.DisplayName}\"";
            throw new DockerfileException(PlanningErrorIds.StageDefinedLater, message, filePath, dependency.Instruction.KeywordRange);
        }
    }
}
