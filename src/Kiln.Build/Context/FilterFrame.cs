namespace Kiln.Build.Context;

/// <summary>A directory a <see cref="FilterLayer"/> has entered: its match state and whether it was reported yet.</summary>
internal sealed class FilterFrame(WalkItem item, bool[]? includeBits, bool[]? excludeBits)
{
    public WalkItem Item { get; } = item;

    public string PathWithSlash { get; } = item.Path + "/";

    public bool[]? IncludeBits { get; } = includeBits;

    public bool[]? ExcludeBits { get; } = excludeBits;

    /// <summary>False while the directory is only walked through (not included, or excluded with possible re-includes).</summary>
    public bool Emitted { get; set; }
}
