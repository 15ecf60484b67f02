namespace Kiln.Dockerfile.Shell;

/// <summary>
/// Variable lookup used by <see cref="ShellLexer"/> (DF-VAR): tells a set-but-empty variable
/// (found, value "") apart from an unset one (not found).
/// </summary>
public interface IVariableLookup
{
    /// <summary>Looks up <paramref name="name"/>; false when the variable is unset.</summary>
    bool TryGet(string name, out string value);
}
