namespace Kiln.Build.Context;

/// <summary>
/// A <c>[...]</c> character class of an ignore pattern (IGN-GLOB): code-point ranges, optionally
/// negated. A reversed range (<c>l-O</c>) is accepted when the pattern is read but makes every match
/// attempt fail, as BuildKit does (conformance vector pm-138).
/// </summary>
internal sealed class CharClass
{
    private readonly (int Low, int High)[] ranges;

    public CharClass((int Low, int High)[] ranges, bool negated)
    {
        this.ranges = ranges;
        Negated = negated;
        foreach (var (low, high) in ranges)
        {
            if (low > high)
            {
                ReversedRange = $"{char.ConvertFromUtf32(low)}-{char.ConvertFromUtf32(high)}";
                break;
            }
        }
    }

    public bool Negated { get; }

    /// <summary>The first reversed range, e.g. <c>l-O</c>, or null when all ranges are valid.</summary>
    public string? ReversedRange { get; }

    public bool Matches(int rune)
    {
        var inClass = false;
        foreach (var (low, high) in ranges)
        {
            if (low <= rune && rune <= high)
            {
                inClass = true;
                break;
            }
        }

        return inClass != Negated;
    }
}
