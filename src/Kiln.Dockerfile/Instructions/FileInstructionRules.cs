using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Syntax;

namespace Kiln.Dockerfile.Instructions;

/// <summary>
/// Rules shared by COPY and ADD: splitting sources into paths and heredocs (DF-HEREDOC-COPY-FILE,
/// DF-HEREDOC-DEST), and validating <c>--chown</c>/<c>--chmod</c> values (DF-COPY-CHOWN, DF-COPY-CHMOD).
/// </summary>
internal static class FileInstructionRules
{
    /// <summary>The heredoc name a word like <c>&lt;&lt;-"EOF"</c> declares, or null.</summary>
    public static string? HeredocName(string word)
    {
        if (!word.StartsWith("<<", StringComparison.Ordinal) || word.StartsWith("<<<", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = word[2..];
        if (rest.StartsWith('-'))
        {
            rest = rest[1..];
        }

        var name = rest.Replace("\"", string.Empty, StringComparison.Ordinal).Replace("'", string.Empty, StringComparison.Ordinal);
        return name.Length == 0 ? null : name;
    }

    public static (List<string> Paths, List<Heredoc> Heredocs) SplitSources(InstructionNode node, IReadOnlyList<string> sources)
    {
        var paths = new List<string>();
        var heredocs = new List<Heredoc>();
        List<Heredoc> available = node.IsJsonForm ? [] : [.. node.Heredocs];
        foreach (var word in sources)
        {
            var name = HeredocName(word);
            var match = name is null ? null : available.FirstOrDefault(h => h.Name == name);
            if (match is not null)
            {
                available.Remove(match);
                heredocs.Add(match);
            }
            else
            {
                paths.Add(word);
            }
        }

        return (paths, heredocs);
    }

    public static bool IsHeredocDestination(InstructionNode node, string destination) =>
        !node.IsJsonForm && HeredocName(destination) is { } name && node.Heredocs.Any(h => h.Name == name);

    /// <summary>Validates chown/chmod values that hold no variable (others are checked after expansion).</summary>
    public static void ValidateOwnership(string? chown, string? chmod, string? filePath, SourceRange chownRange, SourceRange chmodRange)
    {
        if (chown is { Length: > 0 } && !MountParser.HasVariable(chown) && !ChownSpec.TryParse(chown, out _, out var chownError))
        {
            throw new DockerfileException(InstructionErrorIds.InvalidChown, chownError!, filePath, chownRange);
        }

        if (chmod is { Length: > 0 } && !MountParser.HasVariable(chmod) && !ChmodSpec.TryParse(chmod, out _, out var chmodError))
        {
            throw new DockerfileException(InstructionErrorIds.InvalidChmod, chmodError!, filePath, chmodRange);
        }
    }

    /// <summary>True for <c>http://</c> / <c>https://</c> sources.</summary>
    public static bool IsUrl(string source) =>
        source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for clear git references (<c>git://</c>, <c>git@host:</c>, <c>ssh://</c>, <c>.git</c> URLs).</summary>
    public static bool IsGitRef(string source) =>
        source.StartsWith("git://", StringComparison.OrdinalIgnoreCase)
        || source.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase)
        || (source.StartsWith("git@", StringComparison.Ordinal) && source.Contains(':', StringComparison.Ordinal))
        || (IsUrl(source) && (source.Split('#', '?')[0].EndsWith(".git", StringComparison.OrdinalIgnoreCase)));
}
