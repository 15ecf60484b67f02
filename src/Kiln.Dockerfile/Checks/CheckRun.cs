using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Instructions;
using Kiln.Dockerfile.Shell;
using Kiln.Dockerfile.Syntax;
using Kiln.Oci;

namespace Kiln.Dockerfile.Checks;

/// <summary>
/// The working state of one <see cref="BuildChecker.Check"/> call: the input split into global ARGs and stages, the
/// global-ARG environments used for FROM (with and without build arguments), and the findings collected so far.
/// </summary>
internal sealed class CheckRun
{
    private static readonly string[] PlatformArgNames =
    [
        "BUILDPLATFORM", "BUILDOS", "BUILDOSVERSION", "BUILDARCH", "BUILDVARIANT",
        "TARGETPLATFORM", "TARGETOS", "TARGETOSVERSION", "TARGETARCH", "TARGETVARIANT", "TARGETSTAGE",
    ];

    public CheckRun(CheckInput input)
    {
        Input = input;
        FilePath = input.Syntax.Source.Path;
        Lexer = new ShellLexer(input.Syntax.Directives.EscapeToken);
        BuildArgs = input.BuildArgs ?? new Dictionary<string, string>(StringComparer.Ordinal);
        Split();
        TargetPlatform = input.TargetPlatform ?? input.BuildPlatform ?? Platform.Host();
        var platformArgs = PlatformArgs(input.BuildPlatform ?? Platform.Host(), TargetPlatform);
        GlobalEnv = BuildMetaEnv(platformArgs, useBuildArgs: true);
        DefaultEnv = BuildMetaEnv(platformArgs, useBuildArgs: false);
        foreach (var name in PlatformArgNames.Concat(MetaArgs.SelectMany(a => a.Args).Select(a => a.Name)))
        {
            if (!ArgKeys.Contains(name))
            {
                ArgKeys.Add(name);
            }
        }
    }

    public CheckInput Input { get; }

    public string FilePath { get; }

    public ShellLexer Lexer { get; }

    public IReadOnlyDictionary<string, string> BuildArgs { get; }

    public Platform TargetPlatform { get; }

    /// <summary>ARG instructions before the first FROM.</summary>
    public List<ArgInstruction> MetaArgs { get; } = [];

    public List<CheckStage> Stages { get; } = [];

    /// <summary>Global ARGs resolved with build arguments (what FROM is expanded with), or null when a default failed to expand.</summary>
    public ShellEnvironment? GlobalEnv { get; }

    /// <summary>Global ARGs resolved from their defaults alone (InvalidDefaultArgInFrom), or null when a default failed to expand.</summary>
    public ShellEnvironment? DefaultEnv { get; }

    /// <summary>Names FROM may use: the automatic platform ARGs and every declared global ARG, in a stable order.</summary>
    public List<string> ArgKeys { get; } = [];

    public List<RawFinding> Findings { get; } = [];

    public void Add(CheckRule rule, string message, SourceRange? range, InstructionNode? scope = null, string? suggestion = null, string? filePath = null) =>
        Findings.Add(new RawFinding(rule, message, range, scope, suggestion, filePath));

    /// <summary>Expands <paramref name="word"/>; null when it is malformed. <paramref name="complete"/> is false when a variable was unknown.</summary>
    public string? TryExpand(string word, IVariableLookup env, out bool complete)
    {
        try
        {
            var result = Lexer.ProcessWord(word, env);
            complete = result.Unmatched.Count == 0;
            return result.Value;
        }
        catch (ShellExpansionException)
        {
            complete = false;
            return null;
        }
    }

    private void Split()
    {
        CheckStage? current = null;
        foreach (var instruction in Input.Instructions)
        {
            if (instruction is FromInstruction from)
            {
                current = new CheckStage { From = from };
                Stages.Add(current);
            }
            else if (current is not null)
            {
                current.Commands.Add(instruction);
            }
            else if (instruction is ArgInstruction arg)
            {
                MetaArgs.Add(arg);
            }
        }
    }

    private List<KeyValuePair<string, string>> PlatformArgs(Platform build, Platform target)
    {
        var targetStage = Input.Target ?? (Stages.Count > 0 ? Stages[^1].From.StageName ?? string.Empty : string.Empty);
        var values = new[]
        {
            build.ToString(), build.OS, build.OSVersion ?? string.Empty, build.Architecture, build.Variant ?? string.Empty,
            target.ToString(), target.OS, target.OSVersion ?? string.Empty, target.Architecture, target.Variant ?? string.Empty,
            targetStage,
        };
        var pairs = new List<KeyValuePair<string, string>>(PlatformArgNames.Length);
        for (var i = 0; i < PlatformArgNames.Length; i++)
        {
            // Build arguments override the automatic platform ARGs, also for the defaults-only evaluation.
            var value = BuildArgs.TryGetValue(PlatformArgNames[i], out var given) ? given : values[i];
            pairs.Add(KeyValuePair.Create(PlatformArgNames[i], value));
        }

        return pairs;
    }

    private ShellEnvironment? BuildMetaEnv(List<KeyValuePair<string, string>> platformArgs, bool useBuildArgs)
    {
        var env = ShellEnvironment.FromPairs(platformArgs);
        foreach (var definition in MetaArgs.SelectMany(a => a.Args))
        {
            if (useBuildArgs && BuildArgs.TryGetValue(definition.Name, out var given))
            {
                env.Set(definition.Name, given);
            }
            else if (definition.Value is not null)
            {
                var value = TryExpand(definition.Value, env, out _);
                if (value is null)
                {
                    return null;
                }

                env.Set(definition.Name, value);
            }
        }

        return env;
    }
}
