namespace Kiln.Dockerfile.Syntax;

/// <summary>What <see cref="JsonStringArray.Parse"/> found in an exec-form candidate (DF-LEX-EXEC-FORM).</summary>
internal enum JsonArrayOutcome
{
    /// <summary>Not valid JSON (or not an array): the text is shell form.</summary>
    NotJson,

    /// <summary>Valid JSON array with an element that is not a string: a parse error.</summary>
    NotStringArray,

    /// <summary>A JSON array of strings.</summary>
    Strings,
}
