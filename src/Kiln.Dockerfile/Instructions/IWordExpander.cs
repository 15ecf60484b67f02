namespace Kiln.Dockerfile.Instructions;

/// <summary>
/// Expands build variables in a Dockerfile word (DF-VAR-*). Implemented by the variable expander;
/// instructions call it only for the parts BuildKit expands (DF-VAR-WHERE, DF-VAR-FLAGS).
/// Implementations throw <see cref="Diagnostics.DockerfileException"/> on invalid substitutions.
/// </summary>
public interface IWordExpander
{
    /// <summary>Processes quotes, escapes and variables in <paramref name="word"/>, giving one string.</summary>
    string ExpandWord(string word);

    /// <summary>Processes <paramref name="word"/> and splits the result on unquoted whitespace (EXPOSE).</summary>
    IReadOnlyList<string> ExpandWords(string word);
}
