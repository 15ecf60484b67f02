namespace Kiln.Dockerfile.Instructions;

/// <summary>The kinds of instruction flags (DF-LEX-FLAG-TYPES).</summary>
public enum FlagKind
{
    /// <summary><c>--link</c>, <c>--link=true|false</c> (case-insensitive).</summary>
    Bool,

    /// <summary><c>--from=x</c>: a value is required; at most once.</summary>
    String,

    /// <summary><c>--mount=…</c>: a value is required; repeatable.</summary>
    StringList,
}
