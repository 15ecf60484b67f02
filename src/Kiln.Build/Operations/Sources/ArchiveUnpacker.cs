using Kiln.Archives.Extraction;
using Kiln.Archives.Tar;
using Kiln.Archives.Whiteouts;
using Kiln.Linux;

namespace Kiln.Build.Operations.Sources;

/// <summary>
/// Extracts a local <c>ADD</c> archive into a directory with <c>tar -x</c> merge semantics (DF-ADD-TAR,
/// DF-ADD-UNPACK), through <see cref="SafeExtractor"/>, so no entry writes outside the destination ('..' above
/// it, absolute paths, symlinks and hardlinks are resolved inside it). As BuildKit's unpack does: existing files
/// are replaced, existing directories are merged into, the archive's own root entry (<c>./</c>) does not touch
/// the destination, <c>.wh.</c> files are ordinary files, and ownership comes from the archive unless
/// <c>--chown</c> overrides it (directories the archive only implies are created 0755 and owned by root).
/// Ownership and xattrs are only restored when the process is privileged.
/// </summary>
public static class ArchiveUnpacker
{
    /// <summary>
    /// Unpacks <paramref name="archivePath"/> (tar, or tar compressed with gzip, bzip2, xz or zstd) into
    /// <paramref name="destinationDirectory"/>, created if missing.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a tar archive (see <see cref="ArchiveDetector"/>).</exception>
    /// <exception cref="UnsafeArchiveEntryException">An entry would reach outside the destination.</exception>
    /// <exception cref="ArchiveExtractionException">An entry could not be written.</exception>
    public static ExtractionResult Unpack(string archivePath, string destinationDirectory, (int Uid, int Gid)? chown, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archivePath);
        ArgumentNullException.ThrowIfNull(destinationDirectory);
        if (chown is { } owner && (owner.Uid < 0 || owner.Gid < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(chown), chown, "uid and gid must not be negative");
        }

        if (ArchiveDetector.Detect(archivePath) == ArchiveFormat.None)
        {
            throw new InvalidDataException($"ADD source '{archivePath}' is not a tar archive (plain, gzip, bzip2, xz or zstd); copy it instead of unpacking it");
        }

        var privileged = Environment.IsPrivilegedProcess;
        var options = new SafeExtractorOptions
        {
            PreserveOwnership = privileged,
            PreserveXattrs = privileged,
            Whiteouts = WhiteoutHandling.Keep,
            TransformEntry = entry => Transform(entry, chown),
        };

        using var file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1 << 16);
        using var tar = ArchiveDecompressor.Open(file, out _);
        return new SafeExtractor(new LinuxFileSystem(), options).Extract(tar, destinationDirectory, cancellationToken);
    }

    private static TarEntry? Transform(TarEntry entry, (int Uid, int Gid)? chown)
    {
        if (IsRoot(entry.Path))
        {
            return null; // BuildKit skips the archive's "./": the destination keeps its own mode, owner and times
        }

        return chown is { } owner ? entry with { Uid = owner.Uid, Gid = owner.Gid } : entry;
    }

    /// <summary>True when the entry path names the extraction root itself ("", ".", "./", "/", "a/..").</summary>
    private static bool IsRoot(string path)
    {
        var depth = 0;
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (depth == 0)
                {
                    return false; // climbs out: the extractor rejects it
                }

                depth--;
                continue;
            }

            depth++;
        }

        return depth == 0;
    }
}
