namespace Kiln.Build.Context;

/// <summary>The kinds of element a compiled ignore pattern is made of (IGN-GLOB, IGN-DOUBLESTAR).</summary>
internal enum GlobTokenKind : byte
{
    /// <summary>One literal character (code point), including an escaped one (<c>\*</c>).</summary>
    Literal,

    /// <summary><c>*</c>: any run of characters other than <c>/</c>.</summary>
    Star,

    /// <summary><c>?</c>: exactly one character other than <c>/</c>.</summary>
    AnyOne,

    /// <summary><c>[...]</c> / <c>[^...]</c>: one character in (or not in) the class; may be <c>/</c>.</summary>
    Class,

    /// <summary><c>**</c> (or <c>**/</c>) not at the end: nothing, or any characters ending with <c>/</c>.</summary>
    DoubleStarSlash,

    /// <summary><c>**</c> at the end: any characters, <c>/</c> included.</summary>
    DoubleStarEnd,
}
