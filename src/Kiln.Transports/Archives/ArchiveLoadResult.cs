namespace Kiln.Transports.Archives;

/// <summary>What <see cref="ImageArchiveLoader.LoadAsync"/> found and stored: the archive's format and its images in archive order.</summary>
public sealed record ArchiveLoadResult(ImageArchiveFormat Format, IReadOnlyList<LoadedImage> Images);
