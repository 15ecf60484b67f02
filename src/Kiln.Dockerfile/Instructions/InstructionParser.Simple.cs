namespace Kiln.Dockerfile.Instructions;

/// <summary>
/// FROM, ENV, LABEL, MAINTAINER, EXPOSE, VOLUME, USER, WORKDIR, ARG, ONBUILD and STOPSIGNAL parsing
/// (DF-FROM-AS, DF-ENV, DF-LABEL, DF-MAINTAINER, DF-EXPOSE, DF-VOLUME, DF-USER, DF-WORKDIR, DF-ARG, DF-ONBUILD*, DF-STOPSIGNAL).
/// </summary>
public sealed partial class InstructionParser
{
    private static FromInstruction ParseFrom(InstructionLocator at)
    {
        var args = at.Node.Arguments;
        string? stageName = null;
        string? written = null;
        if (args.Count == 3 && args[1].Equals("as", StringComparison.OrdinalIgnoreCase))
        {
            written = args[2];
            stageName = written.ToLowerInvariant();
            if (!StageNameRegex().IsMatch(stageName))
            {
                throw at.Error(
                    InstructionErrorIds.InvalidStageName,
                    $"invalid name for build stage: \"{written}\", name can't start with a number or contain symbols",
                    at.TextRange(written));
            }
        }
        else if (args.Count != 1)
        {
            throw at.Error(InstructionErrorIds.InvalidStageName, "FROM requires either one or three arguments");
        }

        var flags = ParseFlags(at, new FlagSet().AddString("platform"));
        return new FromInstruction
        {
            Node = at.Node,
            FilePath = at.FilePath,
            KeywordRange = at.KeywordRange,
            BaseName = args[0],
            StageName = stageName,
            StageNameAsWritten = written,
            Platform = flags.GetString("platform"),
        };
    }

    private static List<KeyValuePair<string, string>> ParseTriples(InstructionLocator at, out bool legacy)
    {
        ParseFlags(at);
        var args = at.Node.Arguments;
        if (args.Count == 0)
        {
            throw AtLeastOne(at);
        }

        var pairs = new List<KeyValuePair<string, string>>();
        legacy = false;
        for (var i = 0; i + 1 < args.Count; i += 3)
        {
            if (args[i].Length == 0)
            {
                throw at.Error(InstructionErrorIds.BlankName, $"{at.Node.Keyword.ToUpperInvariant()} names can not be blank");
            }

            pairs.Add(KeyValuePair.Create(args[i], args[i + 1]));
            legacy |= i + 2 < args.Count && args[i + 2].Length == 0;
        }

        return pairs;
    }

    private static EnvInstruction ParseEnv(InstructionLocator at)
    {
        var pairs = ParseTriples(at, out var legacy);
        return new EnvInstruction { Node = at.Node, FilePath = at.FilePath, KeywordRange = at.KeywordRange, Pairs = pairs, IsLegacyForm = legacy };
    }

    private static LabelInstruction ParseLabel(InstructionLocator at)
    {
        var pairs = ParseTriples(at, out var legacy);
        return new LabelInstruction { Node = at.Node, FilePath = at.FilePath, KeywordRange = at.KeywordRange, Pairs = pairs, IsLegacyForm = legacy };
    }

    private static MaintainerInstruction ParseMaintainer(InstructionLocator at) =>
        new() { Node = at.Node, FilePath = at.FilePath, KeywordRange = at.KeywordRange, Maintainer = SingleArgument(at) };

    private static UserInstruction ParseUser(InstructionLocator at) =>
        new() { Node = at.Node, FilePath = at.FilePath, KeywordRange = at.KeywordRange, User = SingleArgument(at) };

    private static WorkdirInstruction ParseWorkdir(InstructionLocator at) =>
        new() { Node = at.Node, FilePath = at.FilePath, KeywordRange = at.KeywordRange, Path = SingleArgument(at) };

    private static StopSignalInstruction ParseStopSignal(InstructionLocator at)
    {
        var signal = SingleArgument(at);
        var instruction = new StopSignalInstruction { Node = at.Node, FilePath = at.FilePath, KeywordRange = at.KeywordRange, Signal = signal };
        if (!signal.Contains('$', StringComparison.Ordinal) && instruction.SignalNumber is null)
        {
            throw at.Error(InstructionErrorIds.InvalidSignal, $"invalid signal: {signal}", at.TextRange(signal));
        }

        return instruction;
    }

    private static string SingleArgument(InstructionLocator at)
    {
        ParseFlags(at);
        return at.Node.Arguments.Count == 1 ? at.Node.Arguments[0] : throw ExactlyOne(at);
    }

    private static ExposeInstruction ParseExpose(InstructionLocator at)
    {
        ParseFlags(at);
        return at.Node.Arguments.Count == 0
            ? throw AtLeastOne(at)
            : new ExposeInstruction { Node = at.Node, FilePath = at.FilePath, KeywordRange = at.KeywordRange, Ports = at.Node.Arguments };
    }

    private static VolumeInstruction ParseVolume(InstructionLocator at)
    {
        ParseFlags(at);
        if (at.Node.Arguments.Count == 0)
        {
            throw AtLeastOne(at);
        }

        var paths = at.Node.Arguments.Select(a => a.Trim()).ToArray();
        if (paths.Any(p => p.Length == 0))
        {
            throw at.Error(InstructionErrorIds.EmptyVolume, "VOLUME specified can not be an empty string");
        }

        return new VolumeInstruction { Node = at.Node, FilePath = at.FilePath, KeywordRange = at.KeywordRange, Paths = paths };
    }

    private static ArgInstruction ParseArg(InstructionLocator at)
    {
        ParseFlags(at);
        if (at.Node.Arguments.Count == 0)
        {
            throw AtLeastOne(at);
        }

        var args = new List<ArgDefinition>();
        foreach (var word in at.Node.Arguments)
        {
            var eq = word.IndexOf('=', StringComparison.Ordinal);
            var name = eq >= 0 ? word[..eq] : word;
            if (name.Length == 0)
            {
                throw at.Error(InstructionErrorIds.BlankName, "ARG names can not be blank", at.TextRange(word));
            }

            args.Add(new ArgDefinition(name, eq >= 0 ? word[(eq + 1)..] : null));
        }

        return new ArgInstruction { Node = at.Node, FilePath = at.FilePath, KeywordRange = at.KeywordRange, Args = args };
    }

    private OnbuildInstruction ParseOnbuild(InstructionLocator at)
    {
        ParseFlags(at);
        var next = at.Node.Next ?? throw AtLeastOne(at);
        var trigger = next.Keyword.ToUpperInvariant();
        var nested = new InstructionLocator(next, at.Source, at.AfterKeywordColumn);
        switch (trigger)
        {
            case "ONBUILD":
                throw nested.Error(InstructionErrorIds.OnbuildTrigger, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
            case "MAINTAINER" or "FROM":
                throw nested.Error(InstructionErrorIds.OnbuildTrigger, $"{trigger} isn't allowed as an ONBUILD trigger");
        }

        var parsed = Parse(nested);
        var expression = OnbuildPrefixRegex().Replace(at.Node.Original, string.Empty, 1);
        var heredocs = at.Node.Heredocs.Count > 0 ? at.Node.Heredocs : next.Heredocs;
        foreach (var heredoc in heredocs)
        {
            expression += "\n" + heredoc.Content + heredoc.Name;
        }

        return new OnbuildInstruction { Node = at.Node, FilePath = at.FilePath, KeywordRange = at.KeywordRange, Expression = expression, Trigger = parsed };
    }
}
