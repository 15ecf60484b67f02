namespace Kiln.Dockerfile.Shell;

/// <summary>
/// Result of multi-word processing (DF-VAR-WORDSPLIT): the words after splitting on unquoted whitespace and the
/// variable names looked up and found / not found.
/// </summary>
public sealed record ShellWordsResult(IReadOnlyList<string> Words, IReadOnlySet<string> Matched, IReadOnlySet<string> Unmatched);
