using System.Text.RegularExpressions;
using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Syntax;

namespace Kiln.Dockerfile.Instructions;

/// <summary>
/// Turns raw <see cref="InstructionNode"/>s into typed, validated <see cref="Instruction"/> records with
/// BuildKit's validation errors (section 5 of features.md, DF-LEX-UNKNOWN, DF-LEX-FLAGS, DF-LEX-FLAG-TYPES,
/// DF-LEX-EXEC-FORM). Nothing is variable-expanded here.
/// </summary>
public sealed partial class InstructionParser
{
    private static readonly string[] KnownInstructions =
    [
        "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER",
        "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
    ];

    /// <summary>Parses every instruction of <paramref name="syntax"/> in order.</summary>
    public IReadOnlyList<Instruction> ParseAll(DockerfileSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        return syntax.Instructions.Select(node => Parse(node, syntax.Source)).ToArray();
    }

    /// <summary>Parses one instruction; throws <see cref="DockerfileException"/> (KILN12xx) when invalid.</summary>
    public Instruction Parse(InstructionNode node, SourceFile source)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(source);
        return Parse(new InstructionLocator(node, source));
    }

    private Instruction Parse(InstructionLocator at) => at.Node.Name switch
    {
        "from" => ParseFrom(at),
        "run" => ParseRun(at),
        "cmd" => new CmdInstruction { Node = at.Node, FilePath = at.FilePath, KeywordRange = at.KeywordRange, Command = ParseCommand(at, false) },
        "entrypoint" => new EntrypointInstruction { Node = at.Node, FilePath = at.FilePath, KeywordRange = at.KeywordRange, Command = ParseCommand(at, false) },
        "shell" => ParseShell(at),
        "env" => ParseEnv(at),
        "label" => ParseLabel(at),
        "maintainer" => ParseMaintainer(at),
        "expose" => ParseExpose(at),
        "add" => ParseAdd(at),
        "copy" => ParseCopy(at),
        "volume" => ParseVolume(at),
        "user" => ParseUser(at),
        "workdir" => ParseWorkdir(at),
        "arg" => ParseArg(at),
        "onbuild" => ParseOnbuild(at),
        "stopsignal" => ParseStopSignal(at),
        "healthcheck" => ParseHealthcheck(at),
        _ => throw UnknownInstruction(at),
    };

    private static DockerfileException UnknownInstruction(InstructionLocator at)
    {
        var upper = at.Node.Keyword.ToUpperInvariant();
        var match = Suggestions.Closest(upper, KnownInstructions);
        var hint = match is null ? null : $"did you mean {match}?";
        return at.Error(InstructionErrorIds.UnknownInstruction, $"unknown instruction: {upper}" + (hint is null ? string.Empty : $" ({hint})"), suggestion: hint);
    }

    /// <summary>Parses the node's flags against <paramref name="flags"/> (no flags declared = any flag is unknown).</summary>
    private static FlagSet ParseFlags(InstructionLocator at, FlagSet? flags = null)
    {
        flags ??= new FlagSet();
        flags.Parse(at.Node.Flags, at.FilePath, at.FlagRange);
        return flags;
    }

    private static DockerfileException AtLeastOne(InstructionLocator at) =>
        at.Error(InstructionErrorIds.ArgumentCount, $"{at.Node.Keyword.ToUpperInvariant()} requires at least one argument");

    private static DockerfileException ExactlyOne(InstructionLocator at) =>
        at.Error(InstructionErrorIds.ArgumentCount, $"{at.Node.Keyword.ToUpperInvariant()} requires exactly one argument");

    [GeneratedRegex("^[a-z][a-z0-9-_\\.]*$", RegexOptions.CultureInvariant)]
    private static partial Regex StageNameRegex();

    [GeneratedRegex("^\\s*ONBUILD\\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OnbuildPrefixRegex();
}
