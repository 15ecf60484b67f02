using System.Text;

namespace Kiln.Build.Context;

/// <summary>
/// Reads a <c>.dockerignore</c> file into its ordered patterns (IGN-FILE, IGN-COMMENTS, IGN-CLEAN):
/// UTF-8 BOM removed; a line whose first character is <c>#</c> is a comment; lines trimmed and blank
/// ones dropped; a leading <c>!</c> kept as the exception marker (whitespace after it trimmed); the
/// path part cleaned and one leading <c>/</c> removed. A bare <c>!</c> is returned as is, so building
/// a <see cref="PatternMatcher"/> from it fails with the file and line.
/// </summary>
public static class IgnoreFileReader
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Parses ignore-file text; null (no file) yields no patterns.</summary>
    /// <param name="content">The whole file content, or null.</param>
    /// <param name="sourceFile">The file name shown in messages, e.g. <c>.dockerignore</c>.</param>
    public static IReadOnlyList<IgnorePattern> Read(string? content, string sourceFile)
    {
        var result = new List<IgnorePattern>();
        if (content is null)
        {
            return result;
        }

        var span = content.AsSpan();
        if (span.Length > 0 && span[0] == '\uFEFF')
        {
            span = span[1..];
        }

        var lineNumber = 0;
        while (span.Length > 0)
        {
            lineNumber++;
            var newline = span.IndexOf('\n');
            var line = newline < 0 ? span : span[..newline];
            span = newline < 0 ? [] : span[(newline + 1)..];
            if (line.Length > 0 && line[^1] == '\r')
            {
                line = line[..^1];
            }

            if (ParseLine(line) is { } text)
            {
                result.Add(new IgnorePattern(text, lineNumber, sourceFile));
            }
        }

        return result;
    }

    /// <summary>Reads all of <paramref name="reader"/>; null (no reader) yields no patterns.</summary>
    public static IReadOnlyList<IgnorePattern> Read(TextReader? reader, string sourceFile) =>
        Read(reader?.ReadToEnd(), sourceFile);

    /// <summary>Reads an ignore file from disk as UTF-8.</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="displayName">The name shown in messages; defaults to <paramref name="path"/>.</param>
    public static IReadOnlyList<IgnorePattern> ReadFile(string path, string? displayName = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Read(File.ReadAllText(path, Utf8), displayName ?? path);
    }

    private static string? ParseLine(ReadOnlySpan<char> line)
    {
        if (line.Length > 0 && line[0] == '#')
        {
            return null;
        }

        line = line.Trim();
        if (line.Length == 0)
        {
            return null;
        }

        var exception = line[0] == '!';
        if (exception)
        {
            line = line[1..].Trim();
        }

        var pattern = line.ToString();
        if (pattern.Length > 0)
        {
            pattern = PathCleaner.Clean(pattern);
            if (pattern.Length > 1 && pattern[0] == '/')
            {
                pattern = pattern[1..];
            }
        }

        return exception ? "!" + pattern : pattern;
    }
}
