namespace Kiln.Dockerfile.Syntax;

/// <summary>
/// A here-document attached to a RUN/COPY/ADD instruction (DF-HEREDOC-*).
/// </summary>
/// <param name="Name">The terminator word with quotes removed (<c>EOF</c>).</param>
/// <param name="Content">The raw body: every line with its <c>\n</c>, terminator excluded, not tab-stripped.</param>
/// <param name="Expand">False when any part of the terminator word was quoted (no build-time expansion).</param>
/// <param name="Chomp">True for <c>&lt;&lt;-</c>: leading tabs are stripped from body lines when used.</param>
/// <param name="FileDescriptor">The number written before <c>&lt;&lt;</c> (0 when absent).</param>
public sealed record Heredoc(string Name, string Content, bool Expand, bool Chomp, int FileDescriptor);
