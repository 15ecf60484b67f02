namespace Kiln.Dockerfile.Instructions;

/// <summary>COPY and ADD parsing (DF-COPY*, DF-ADD*, DF-HEREDOC-COPY-FILE, DF-HEREDOC-DEST).</summary>
public sealed partial class InstructionParser
{
    private static CopyInstruction ParseCopy(InstructionLocator at)
    {
        var flags = ParseFlags(at, new FlagSet().AddString("from").AddString("chown").AddString("chmod").AddBool("link").AddBool("parents").AddStrings("exclude"));
        var (sources, heredocs, destination) = SourcesAndDestination(at);
        var from = flags.GetString("from");
        if (from is not null && MountParser.HasVariable(from))
        {
            throw at.Error(
                InstructionErrorIds.FromVariable,
                "variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround",
                at.FlagRange(flags.IndexOf("from")));
        }

        foreach (var source in sources.Where(s => !MountParser.HasVariable(s)))
        {
            if (FileInstructionRules.IsGitRef(source))
            {
                throw at.Error(InstructionErrorIds.CopyRemoteSource, "source can't be a git ref for COPY", at.TextRange(source));
            }

            if (FileInstructionRules.IsUrl(source))
            {
                throw at.Error(InstructionErrorIds.CopyRemoteSource, "source can't be a URL for COPY", at.TextRange(source));
            }
        }

        var chown = flags.GetString("chown");
        var chmod = flags.GetString("chmod");
        FileInstructionRules.ValidateOwnership(chown, chmod, at.FilePath, at.FlagRange(flags.IndexOf("chown")), at.FlagRange(flags.IndexOf("chmod")));
        return new CopyInstruction
        {
            Node = at.Node,
            FilePath = at.FilePath,
            KeywordRange = at.KeywordRange,
            Sources = sources,
            HeredocSources = heredocs,
            Destination = destination,
            From = from,
            Chown = chown,
            Chmod = chmod,
            Link = flags.GetBool("link"),
            Parents = flags.GetBool("parents"),
            Excludes = flags.GetStrings("exclude"),
        };
    }

    private static AddInstruction ParseAdd(InstructionLocator at)
    {
        var flags = ParseFlags(at, new FlagSet().AddString("chown").AddString("chmod").AddBool("link").AddStrings("exclude")
            .AddString("checksum").AddBool("keep-git-dir").AddBool("unpack"));
        var (sources, heredocs, destination) = SourcesAndDestination(at);
        var checksum = flags.GetString("checksum");
        if (checksum is not null && sources.Count + heredocs.Count != 1)
        {
            throw at.Error(InstructionErrorIds.ChecksumSources, "checksum can't be specified for multiple sources", at.FlagRange(flags.IndexOf("checksum")));
        }

        var chown = flags.GetString("chown");
        var chmod = flags.GetString("chmod");
        FileInstructionRules.ValidateOwnership(chown, chmod, at.FilePath, at.FlagRange(flags.IndexOf("chown")), at.FlagRange(flags.IndexOf("chmod")));
        return new AddInstruction
        {
            Node = at.Node,
            FilePath = at.FilePath,
            KeywordRange = at.KeywordRange,
            Sources = sources,
            HeredocSources = heredocs,
            Destination = destination,
            Chown = chown,
            Chmod = chmod,
            Link = flags.GetBool("link"),
            Excludes = flags.GetStrings("exclude"),
            Checksum = checksum,
            KeepGitDir = flags.GetBoolOrNull("keep-git-dir"),
            Unpack = flags.GetBoolOrNull("unpack"),
        };
    }

    private static (IReadOnlyList<string> Sources, IReadOnlyList<Syntax.Heredoc> Heredocs, string Destination) SourcesAndDestination(InstructionLocator at)
    {
        var args = at.Node.Arguments;
        var name = at.Node.Keyword.ToUpperInvariant();
        if (args.Count < 2)
        {
            throw at.Error(
                InstructionErrorIds.ArgumentCount,
                $"{name} requires at least two arguments, but only one was provided. Destination could not be determined");
        }

        var destination = args[^1];
        if (FileInstructionRules.IsHeredocDestination(at.Node, destination))
        {
            throw at.Error(InstructionErrorIds.HeredocDestination, $"{name} cannot use a heredoc as destination", at.TextRange(destination));
        }

        var (paths, heredocs) = FileInstructionRules.SplitSources(at.Node, args.Take(args.Count - 1).ToArray());
        return (paths, heredocs, destination);
    }
}
