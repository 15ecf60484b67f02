namespace Kiln.Dockerfile.Diagnostics;

/// <summary>
/// The text of a Dockerfile (or any source) with its display path, split into physical lines
/// so diagnostics can quote the offending line. A leading UTF-8 BOM is dropped; lines end at
/// <c>\n</c> with a trailing <c>\r</c> removed (DF-LEX-BOM, DF-LEX-LINES).
/// </summary>
public sealed class SourceFile
{
    private readonly string[] _lines;

    public SourceFile(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        Path = path;
        Text = text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        _lines = Text.Split('\n');
        for (var i = 0; i < _lines.Length; i++)
        {
            if (_lines[i].EndsWith('\r'))
            {
                _lines[i] = _lines[i][..^1];
            }
        }
    }

    /// <summary>The path shown in diagnostics (as the user gave it).</summary>
    public string Path { get; }

    /// <summary>The full text, without a BOM.</summary>
    public string Text { get; }

    /// <summary>Number of physical lines (a final newline does not add an empty line to the count).</summary>
    public int LineCount => Text.EndsWith('\n') ? _lines.Length - 1 : _lines.Length;

    /// <summary>The physical line <paramref name="line"/> (1-based) without its terminator, or empty when out of range.</summary>
    public string GetLine(int line) => line >= 1 && line <= _lines.Length ? _lines[line - 1] : string.Empty;

    /// <summary>Reads a file from disk, keeping <paramref name="displayPath"/> for messages.</summary>
    public static async Task<SourceFile> ReadAsync(string filePath, string? displayPath = null, CancellationToken cancellationToken = default)
    {
        var text = await File.ReadAllTextAsync(filePath, cancellationToken).ConfigureAwait(false);
        return new SourceFile(displayPath ?? filePath, text);
    }
}
