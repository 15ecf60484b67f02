using Kiln.Archives.Compression;
using Kiln.Oci;

namespace Kiln.Transports.Filesystems;

/// <summary>Settings for <see cref="RootfsImporter"/> (<c>kiln import</c>).</summary>
public sealed record RootfsImportOptions
{
    /// <summary>The name to tag the image with; null leaves it untagged (addressable by ID).</summary>
    public ImageReference? Reference { get; init; }

    /// <summary>The platform the config declares; null for the host's (as <c>docker import</c>).</summary>
    public Platform? Platform { get; init; }

    /// <summary>Where the tarball came from, for the history comment (<c>Imported from …</c>).</summary>
    public string Source { get; init; } = "-";

    /// <summary>How the layer is stored (gzip by default).</summary>
    public CompressionOptions Compression { get; init; } = new();

    /// <summary>Clock for the config's <c>created</c>.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>A fixed <c>created</c> time (from <c>SOURCE_DATE_EPOCH</c>), overriding <see cref="Time"/>.</summary>
    public DateTimeOffset? Created { get; init; }
}
