namespace Kiln.Build.Operations.Sources;

/// <summary>Parsing of git source URLs (DF-ADD-GIT-REF), following BuildKit's <c>dfgitutil.ParseGitRef</c>.</summary>
public sealed partial record GitSource
{
    /// <summary>
    /// Parses a git URL (one <see cref="SourceClassifier"/> calls <see cref="SourceKind.Git"/>; <c>file://</c> is
    /// also accepted, for local repositories outside a Dockerfile).
    /// </summary>
    /// <exception cref="SourceException">Not a git URL, or its options are malformed or conflict.</exception>
    public static GitSource Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var parts = GitUrlSyntax.TryParse(url, allowFile: true)
            ?? throw Invalid(url, "is not a git URL: use https://host/repo.git, ssh://host/repo, git://host/repo or user@host:repo.git");

        string? reference = null;
        string? subdir = null;
        if (!string.IsNullOrEmpty(parts.Fragment))
        {
            var colon = parts.Fragment.IndexOf(':', StringComparison.Ordinal);
            reference = colon < 0 ? parts.Fragment : parts.Fragment[..colon];
            subdir = colon < 0 ? null : parts.Fragment[(colon + 1)..];
        }

        var source = new GitSource(parts.Remote) { UnencryptedTransport = parts.Scheme is "http" or "git" };
        reference = NullIfEmpty(reference);
        subdir = NullIfEmpty(subdir);
        if (parts.RawQuery is not null)
        {
            source = ApplyQuery(url, source, parts.RawQuery, ref reference, ref subdir);
        }

        if (source.FetchByCommit && (source.Checksum is null || !IsFullSha(source.Checksum)))
        {
            throw Invalid(url, "fetch-by-commit needs the full commit SHA in checksum= (or commit=)");
        }

        return source with { Ref = reference, Subdir = subdir };
    }

    /// <summary>True for a full SHA-1 (40) or SHA-256 (64) hex object name.</summary>
    internal static bool IsFullSha(string text) => text.Length is 40 or 64 && IsHex(text);

    internal static string NormaliseChecksum(string checksum, string remote, string what)
    {
        if (checksum.Length is 0 or > 64 || !IsHex(checksum))
        {
            throw new SourceException(
                SourceException.InvalidGitUrl,
                Redact(remote),
                $"ADD {Redact(remote)}: {what} '{checksum}' is not a commit SHA: give the commit's hex SHA or a prefix of it");
        }

        return checksum.ToLowerInvariant();
    }

    /// <summary>Removes a password (and keeps the user) from a URL for messages.</summary>
    internal static string Redact(string remote) => UrlRedaction.Redact(remote);

    private static GitSource ApplyQuery(string url, GitSource source, string rawQuery, ref string? reference, ref string? subdir)
    {
        var pairs = GitUrlSyntax.ParseQuery(rawQuery);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? tag = null;
        string? branch = null;
        foreach (var (key, value) in pairs)
        {
            if (!seen.Add(key))
            {
                throw Invalid(url, $"query '{key}' is given more than once");
            }

            var isFlag = key is "submodules" or "keep-git-dir" or "fetch-by-commit";
            if (string.IsNullOrEmpty(value) && !isFlag)
            {
                throw Invalid(url, $"query '{key}' has no value");
            }

            switch (key)
            {
                case "ref":
                    if (reference is not null && reference != value)
                    {
                        throw Invalid(url, $"ref conflicts: '{reference}' vs '{value}'");
                    }

                    reference = value;
                    break;
                case "tag":
                    tag = value;
                    break;
                case "branch":
                    branch = value;
                    break;
                case "subdir":
                    if (subdir is not null && subdir != value)
                    {
                        throw Invalid(url, $"subdir conflicts: '{subdir}' vs '{value}'");
                    }

                    subdir = value;
                    break;
                case "checksum":
                case "commit":
                    source = source with { Checksum = NormaliseChecksum(value!, source.Remote, key + "=") };
                    break;
                case "keep-git-dir":
                    source = source with { KeepGitDir = ParseFlag(url, key, value) };
                    break;
                case "submodules":
                    source = source with { Submodules = ParseFlag(url, key, value) };
                    break;
                case "fetch-by-commit":
                    source = source with { FetchByCommit = ParseFlag(url, key, value) };
                    break;
                case "mtime":
                    if (value is not ("checkout" or "commit"))
                    {
                        throw Invalid(url, $"mtime '{value}' is not supported: use mtime=checkout or mtime=commit");
                    }

                    source = source with { MTime = value };
                    break;
                default:
                    throw Invalid(url, $"unexpected query '{key}': supported are ref, tag, branch, subdir, checksum, commit, keep-git-dir, submodules, mtime, fetch-by-commit");
            }
        }

        if (tag is not null)
        {
            tag = tag.StartsWith("refs/tags/", StringComparison.Ordinal) ? tag : "refs/tags/" + tag;
            if (reference is not null && reference != tag)
            {
                throw Invalid(url, $"ref conflicts: '{reference}' vs '{tag}'");
            }

            reference = tag;
        }

        if (branch is not null)
        {
            if (tag is not null)
            {
                throw Invalid(url, "branch conflicts with tag: give one of them");
            }

            branch = branch.StartsWith("refs/heads/", StringComparison.Ordinal) ? branch : "refs/heads/" + branch;
            if (reference is not null && reference != branch)
            {
                throw Invalid(url, $"ref conflicts: '{reference}' vs '{branch}'");
            }

            reference = branch;
        }

        return source;
    }

    /// <summary>Go's <c>strconv.ParseBool</c>; an absent value means true.</summary>
    private static bool ParseFlag(string url, string key, string? value) => value switch
    {
        null or "" => true,
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        _ => throw Invalid(url, $"invalid {key} value '{value}': use true or false"),
    };

    private static bool IsHex(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static SourceException Invalid(string url, string reason)
    {
        var shown = Redact(url);
        return new SourceException(SourceException.InvalidGitUrl, shown, $"invalid git source '{shown}': {reason}");
    }
}
