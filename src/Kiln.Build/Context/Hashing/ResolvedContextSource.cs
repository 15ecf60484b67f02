namespace Kiln.Build.Context.Hashing;

/// <summary>
/// One COPY/ADD source resolved against the build context (DF-COPY-SRC-NORMALIZE, DF-COPY-WILDCARD,
/// DF-COPY-PARENTS): the normalised path and the context entries it names.
/// </summary>
/// <param name="Source">The source as written (after variable expansion).</param>
/// <param name="Path">The normalised context path as BuildKit reports it: leading <c>/</c>, no <c>..</c>, no trailing <c>/</c> (e.g. <c>/src/*.go</c>, <c>/</c>).</param>
/// <param name="HasWildcards">True when the source is a pattern (an empty match is then allowed).</param>
/// <param name="LeftContext">True when the source used <c>../</c> to climb above the context root and was read inside it instead.</param>
/// <param name="Matches">The matching entries in walk order; a matched directory stands for its whole content.</param>
/// <param name="ParentsPivot">With <c>--parents</c> and a <c>/./</c> pivot: the cleaned part before it (not preserved at the destination); else null.</param>
public sealed record ResolvedContextSource(
    string Source,
    string Path,
    bool HasWildcards,
    bool LeftContext,
    IReadOnlyList<ContextEntry> Matches,
    string? ParentsPivot)
{
    /// <summary>The context-relative path or pattern (no leading <c>/</c>); empty for the context root.</summary>
    public string RelativePath => Path.Length <= 1 ? string.Empty : Path[1..];

    /// <summary>
    /// The include pattern that selects this source for transfer and hashing (a <see cref="ContextFilter"/>
    /// include entry); null when the source is the whole context.
    /// </summary>
    public string? IncludePattern => RelativePath.Length == 0 ? null
        : HasWildcards ? RelativePath
        : EscapeLiteral(RelativePath);

    // A literal path may hold characters that are special in patterns (a backslash, or a '*' that
    // followed one); escaping each makes the include pattern match exactly that path.
    private static string EscapeLiteral(string path)
    {
        var builder = new System.Text.StringBuilder(path.Length + 4);
        foreach (var c in path)
        {
            if (c is '\\' or '*' or '?' or '[')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
