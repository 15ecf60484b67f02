namespace Kiln.Build.Context;

/// <summary>
/// One pattern line read from an ignore file (IGN-FILE, IGN-COMMENTS, IGN-CLEAN) or given on a
/// command line (<c>COPY --exclude</c>, IGN-EXCLUDE-FLAG). <see cref="Text"/> is the pattern as the
/// reader normalised it, including a leading <c>!</c> for exceptions (IGN-EXCEPTION).
/// </summary>
/// <param name="Text">The pattern text, e.g. <c>*.log</c> or <c>!keep.log</c>.</param>
/// <param name="Line">1-based line in <paramref name="SourceFile"/>; 0 when the pattern did not come from a file.</param>
/// <param name="SourceFile">The ignore file (as shown to the user), or a description such as <c>--exclude</c>; null if unknown.</param>
public sealed record IgnorePattern(string Text, int Line, string? SourceFile)
{
    /// <summary>True when the pattern starts with <c>!</c> (re-includes what earlier patterns excluded).</summary>
    public bool IsException => Text.Length > 0 && Text[0] == '!';

    /// <summary>The pattern without the exception marker.</summary>
    public string Pattern => IsException ? Text[1..] : Text;

    /// <summary>Where the pattern came from, for messages: <c>.dockerignore line 3</c>, <c>--exclude</c>, or <c>pattern</c>.</summary>
    public string Location => (SourceFile, Line) switch
    {
        ({ } file, > 0) => $"{file} line {Line}",
        ({ } file, _) => file,
        (null, > 0) => $"pattern line {Line}",
        _ => "pattern",
    };

    /// <summary>Short human form used in explanations: <c>.dockerignore line 3 (`*.log`)</c>.</summary>
    public string Describe() => $"{Location} (`{Text}`)";

    public override string ToString() => Text;
}
