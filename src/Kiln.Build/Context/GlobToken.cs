namespace Kiln.Build.Context;

/// <summary>One element of a compiled ignore pattern: a kind plus a code point (literals) or a class.</summary>
internal readonly record struct GlobToken(GlobTokenKind Kind, int Rune, CharClass? Class)
{
    public static GlobToken Literal(int rune) => new(GlobTokenKind.Literal, rune, null);

    public static GlobToken Of(GlobTokenKind kind) => new(kind, 0, null);

    public bool IsDoubleStar => Kind is GlobTokenKind.DoubleStarSlash or GlobTokenKind.DoubleStarEnd;
}
