namespace Kiln.Dockerfile.Instructions;

/// <summary>
/// One <c>RUN --mount</c> (DF-RUN-MOUNT). The target stays raw (a relative target is resolved against
/// WORKDIR by the planner). Parsed by <see cref="MountParser"/>.
/// </summary>
public abstract record Mount
{
    /// <summary>The mount type.</summary>
    public abstract MountType Type { get; }

    /// <summary>The flag value as written (after the parser's quote processing).</summary>
    public required string Raw { get; init; }

    /// <summary>The <c>target</c>/<c>dst</c>/<c>destination</c> value, or null.</summary>
    public string? Target { get; init; }

    /// <summary>Whether the mount is read-only (defaults per type: bind/secret/ssh true, cache/tmpfs false).</summary>
    public bool ReadOnly { get; init; }

    /// <summary>
    /// True when parsed without an expander and some value holds a variable: the typed values are
    /// provisional; re-parse with <see cref="MountParser.Parse"/> and an expander.
    /// </summary>
    public bool NeedsExpansion { get; init; }
}
