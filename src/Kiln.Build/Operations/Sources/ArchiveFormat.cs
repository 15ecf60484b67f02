namespace Kiln.Build.Operations.Sources;

/// <summary>What <see cref="ArchiveDetector"/> found in a local <c>ADD</c> source (DF-ADD-TAR): not a tar, or a tar and its compression.</summary>
public enum ArchiveFormat
{
    /// <summary>Not a tar archive (a plain file, or a compressed file that does not hold a tar): copied as is.</summary>
    None,

    /// <summary>An uncompressed tar.</summary>
    Tar,

    /// <summary>A gzip-compressed tar.</summary>
    TarGzip,

    /// <summary>A bzip2-compressed tar.</summary>
    TarBzip2,

    /// <summary>An xz-compressed tar.</summary>
    TarXz,

    /// <summary>A zstd-compressed tar.</summary>
    TarZstd,
}
