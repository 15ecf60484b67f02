namespace Kiln.Dockerfile.Planning;

/// <summary>The file a shebang heredoc RUN executes (DF-HEREDOC-RUN-SHEBANG): mounted read-only at <see cref="Path"/>.</summary>
/// <param name="Path">Where it is mounted (<c>/dev/pipes/&lt;name&gt;</c>).</param>
/// <param name="Content">The body (tabs stripped for <c>&lt;&lt;-</c>).</param>
/// <param name="Mode">File mode (0755).</param>
public sealed record InlineScript(string Path, string Content, uint Mode);
