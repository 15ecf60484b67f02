namespace Kiln.Build.Context;

/// <summary>
/// Opaque per-directory state for incremental matching in walkers: for every pattern, whether it
/// matched the directory or one of its ancestors (IGN-PARENT). <c>default</c> means "no information",
/// in which case the ancestors are matched from the path string.
/// </summary>
public readonly struct PatternMatchInfo : IEquatable<PatternMatchInfo>
{
    internal PatternMatchInfo(bool[] bits) => Bits = bits;

    internal bool[]? Bits { get; }

    /// <summary>True for <c>default</c>: nothing known about the parent.</summary>
    public bool IsEmpty => Bits is null;

    public static bool operator ==(PatternMatchInfo left, PatternMatchInfo right) => left.Equals(right);

    public static bool operator !=(PatternMatchInfo left, PatternMatchInfo right) => !left.Equals(right);

    public bool Equals(PatternMatchInfo other) =>
        ReferenceEquals(Bits, other.Bits) || (Bits is not null && other.Bits is not null && Bits.AsSpan().SequenceEqual(other.Bits));

    public override bool Equals(object? obj) => obj is PatternMatchInfo other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var bit in Bits ?? [])
        {
            hash.Add(bit);
        }

        return hash.ToHashCode();
    }
}
