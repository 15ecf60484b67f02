namespace Kiln.Build.Context;

/// <summary>How a compiled ignore pattern is evaluated (the BuildKit matcher's fast paths, IGN-DOUBLESTAR).</summary>
internal enum GlobMatchType : byte
{
    /// <summary>No wildcard at all: the path must equal the pattern.</summary>
    Exact,

    /// <summary>Literal text then a final <c>**</c>: the path must start with the text.</summary>
    Prefix,

    /// <summary>A leading <c>**</c> then literal text: the path must end with the text (<c>**/foo</c> also matches <c>foo</c>).</summary>
    Suffix,

    /// <summary>Anything else: token-by-token glob matching.</summary>
    Glob,
}
