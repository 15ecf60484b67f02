namespace Kiln.Build.Context.Hashing;

/// <summary>Settings for a <see cref="ContentHasher"/>.</summary>
public sealed record ContentHashOptions
{
    /// <summary>
    /// Extended attributes left out of digests. <c>security.selinux</c> by default: it is a host labelling
    /// detail that differs between machines and is not part of what a build copies.
    /// </summary>
    public IReadOnlySet<string> IgnoredExtendedAttributes { get; init; } = new HashSet<string>(StringComparer.Ordinal) { "security.selinux" };

    /// <summary>Read size for file contents.</summary>
    public int ReadBufferSize { get; init; } = 1 << 20;
}
