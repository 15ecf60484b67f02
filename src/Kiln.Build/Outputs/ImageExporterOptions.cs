namespace Kiln.Build.Outputs;

/// <summary>Settings for <see cref="ImageExporter"/>.</summary>
public sealed record ImageExporterOptions
{
    /// <summary>
    /// <c>type=local</c> keeps the files' owners from the image (and sets trusted/security xattrs). Defaults to true when
    /// running as root; BuildKit instead always gives exported files to the invoking user.
    /// </summary>
    public bool PreserveOwnership { get; init; } = Environment.IsPrivilegedProcess;

    /// <summary>The registry client <c>push=true</c> / <c>type=registry</c> pushes through; null refuses pushes.</summary>
    public Kiln.Distribution.RegistryClient? Registry { get; init; }

    /// <summary>Where the flattened filesystem is unpacked for <c>type=tar</c> and <c>type=local</c>; null: the system temp directory.</summary>
    public string? TemporaryDirectory { get; init; }
}
