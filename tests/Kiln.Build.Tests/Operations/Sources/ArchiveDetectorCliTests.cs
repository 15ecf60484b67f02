using Kiln.Build.Operations.Sources;
using Kiln.Testing;

namespace Kiln.Build.Tests.Operations.Sources;

/// <summary>
/// <see cref="ArchiveDetector"/> and <see cref="ArchiveDecompressor"/> on archives made by the real tar, bzip2 and xz
/// (xz's default integrity check is CRC64, which the differential tests showed was not recognised).
/// </summary>
public sealed class ArchiveDetectorCliTests
{
    [Theory]
    [InlineData("xz", ArchiveFormat.TarXz)]
    [InlineData("bzip2", ArchiveFormat.TarBzip2)]
    [InlineData("gzip", ArchiveFormat.TarGzip)]
    public void ArchivesFromTheRealToolsAreDetectedAndReadable(string tool, ArchiveFormat expected)
    {
        using var dir = new TempDirectory("kiln-detect");
        dir.WriteFile("content/hello.txt", "hello\n");
        var tar = Path.Combine(dir.Path, "a.tar");
        Cli.Run("tar", ["-C", Path.Combine(dir.Path, "content"), "-cf", tar, "hello.txt"]);
        Cli.Run(tool, ["-k", "-f", tar]);
        var compressed = tar + tool switch { "xz" => ".xz", "bzip2" => ".bz2", _ => ".gz" };

        using (var file = File.OpenRead(compressed))
        using (var stream = ArchiveDecompressor.Open(file, out _))
        {
            var bytes = new MemoryStream();
            stream.CopyTo(bytes);
            Assert.Equal(File.ReadAllBytes(tar), bytes.ToArray());
        }

        Assert.Equal(expected, ArchiveDetector.Detect(compressed));
    }
}
