using Kiln.Dockerfile.Instructions;

namespace Kiln.Dockerfile.Planning;

/// <summary>
/// <c>--call=outline</c> (CALL-OUTLINE, DF-ARG-DOC): the build args the target uses (global ARGs referenced by
/// the needed FROM lines, with the global ARGs their defaults refer to, and every ARG the needed stages declare),
/// and the secret ids, SSH ids and cache mounts of the needed stages' RUN steps. Each list is ordered by line;
/// a name is reported once, from the target first, then its base, then its other dependencies.
/// </summary>
public static class PlanOutline
{
    /// <summary>
    /// Builds the outline; <paramref name="evaluated"/> are the evaluated needed stages (evaluated with unknown
    /// bases when null).
    /// </summary>
    public static BuildOutline Create(BuildPlan plan, IReadOnlyDictionary<int, EvaluatedStage>? evaluated = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        evaluated ??= new StageEvaluator(plan).EvaluateAll(cancellationToken: cancellationToken);
        var order = Traversal(plan);

        var globals = new Dictionary<string, GlobalArg>(StringComparer.Ordinal);
        foreach (var arg in plan.GlobalArgs)
        {
            globals[arg.Name] = arg;
        }

        var args = new List<OutlineArg>();
        var secrets = new List<OutlineSecret>();
        var ssh = new List<OutlineSecret>();
        var caches = new List<OutlineCacheMount>();
        var seenArgs = new HashSet<string>(StringComparer.Ordinal);
        var seenSecrets = new HashSet<string>(StringComparer.Ordinal);
        var seenSsh = new HashSet<string>(StringComparer.Ordinal);
        var seenCaches = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stage in order)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var name in UsedNames(stage, globals))
            {
                if (seenArgs.Contains(name) || Lookup(plan, stage, name, globals, evaluated) is not { } arg)
                {
                    continue;
                }

                seenArgs.Add(name);
                args.Add(arg);
            }

            if (!evaluated.TryGetValue(stage.Index, out var result))
            {
                continue;
            }

            foreach (var step in result.Steps.Where(s => s.Run is not null))
            {
                foreach (var mount in step.Run!.Mounts.Select(m => m.Mount))
                {
                    switch (mount)
                    {
                        case SecretMount secret when seenSecrets.Add(secret.EffectiveId):
                            secrets.Add(new OutlineSecret(secret.EffectiveId, secret.Required, step.Range));
                            break;
                        case SshMount agent when seenSsh.Add(agent.Id):
                            ssh.Add(new OutlineSecret(agent.Id, agent.Required, step.Range));
                            break;
                        case CacheMount cache when seenCaches.Add(cache.Id ?? string.Empty):
                            caches.Add(new OutlineCacheMount(cache.Id ?? string.Empty, cache.Target ?? string.Empty, cache.Sharing, step.Range));
                            break;
                    }
                }
            }
        }

        return new BuildOutline(
            plan.Target.Name ?? string.Empty,
            plan.Target.Description,
            args.OrderBy(a => a.Location.Start.Line).ToArray(),
            secrets.OrderBy(s => s.Location.Start.Line).ToArray(),
            ssh.OrderBy(s => s.Location.Start.Line).ToArray(),
            caches.OrderBy(c => c.Location.Start.Line).ToArray());
    }

    /// <summary>The needed stages from the target: each stage, then its base, then its other dependencies.</summary>
    private static List<StagePlan> Traversal(BuildPlan plan)
    {
        var result = new List<StagePlan>();
        var seen = new HashSet<int>();
        void Visit(int index)
        {
            if (!seen.Add(index))
            {
                return;
            }

            var stage = plan.Stages[index];
            result.Add(stage);
            foreach (var dependency in stage.Dependencies)
            {
                if (dependency.Source.StageIndex is { } next)
                {
                    Visit(next);
                }
            }
        }

        Visit(plan.Target.Index);
        return result;
    }

    private static List<string> UsedNames(StagePlan stage, Dictionary<string, GlobalArg> globals)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string name)
        {
            if (!seen.Add(name))
            {
                return;
            }

            names.Add(name);
            if (globals.TryGetValue(name, out var global))
            {
                foreach (var dependency in global.Dependencies)
                {
                    Add(dependency);
                }
            }
        }

        foreach (var name in stage.UsedGlobalArgs)
        {
            Add(name);
        }

        if (!stage.IsReplacedByContext)
        {
            foreach (var definition in stage.Instructions.OfType<ArgInstruction>().SelectMany(a => a.Args))
            {
                Add(definition.Name);
            }
        }

        return names;
    }

    /// <summary>The stage's own declaration of <paramref name="name"/> (not a global import), else its parent stage's, else the global one.</summary>
    private static OutlineArg? Lookup(BuildPlan plan, StagePlan stage, string name, Dictionary<string, GlobalArg> globals, IReadOnlyDictionary<int, EvaluatedStage> evaluated)
    {
        for (StagePlan? current = stage; current is not null; current = current.BaseStageIndex is { } parent ? plan.Stages[parent] : null)
        {
            if (!evaluated.TryGetValue(current.Index, out var result))
            {
                continue;
            }

            var own = result.Steps
                .Where(s => !s.IsOnbuildTrigger && s.Expanded is ArgInstruction)
                .SelectMany(s => ((ArgInstruction)s.Expanded).Args.Select(d => (Step: s, Definition: d)))
                .LastOrDefault(x => x.Definition.Name == name && !IsImport(x.Step, name));
            if (own.Step is not null)
            {
                var instruction = (ArgInstruction)own.Step.Instruction;
                return new OutlineArg(name, own.Definition.Value, DocComments.Find(instruction.Node.PrecedingComments, name), instruction.Range);
            }
        }

        return globals.TryGetValue(name, out var global)
            ? new OutlineArg(name, global.Value, global.Description, global.Range)
            : null;
    }

    private static bool IsImport(EvaluatedStep step, string name) =>
        step.After.Args.LastOrDefault(a => a.Name == name && a.Range == step.Instruction.Range) is { IsGlobalImport: true };
}
