using Kiln.Archives.Extraction;
using Kiln.Archives.Layers;
using Kiln.Archives.Tests.Support;
using Kiln.Linux;
using Kiln.Testing;

namespace Kiln.Archives.Tests.Layers;

/// <summary>
/// Issue 3 acceptance "Reproducibility": over random trees, write → read → extract → write again gives the
/// same layer bytes, and the extracted tree equals the source.
/// </summary>
public sealed class LayerPropertyTests
{
    private const int Iterations = 50;

    public static IEnumerable<object[]> Seeds() => Enumerable.Range(0, Iterations).Select(i => new object[] { 1000 + i });

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Write_read_extract_write_is_stable(int seed)
    {
        using var temp = new TempDirectory("kiln-prop");
        var fs = new LinuxFileSystem();
        var source = Path.Combine(temp.Path, "src");
        new RandomTree(fs, seed).Create(source);
        var codec = (seed % 4) switch { 0 => "gzip", 1 => "pgzip", 2 => "zstd", _ => "none" };
        var writer = new LayerWriter(fs, new LayerWriterOptions { Compression = Compression.CodecData.Options(codec) });

        var first = new MemoryStream();
        var written = writer.WriteDirectory(source, first);

        var target = Path.Combine(temp.Path, "out");
        using (var layer = LayerReader.Open(new MemoryStream(first.ToArray()), new LayerReadOptions { ExpectedDiffId = written.DiffId, ExpectedBlob = written.Descriptor }))
        {
            new SafeExtractor(fs).Extract(layer, target);
            Assert.Equal(written.DiffId, layer.Complete());
        }

        var second = new MemoryStream();
        var rewritten = writer.WriteDirectory(target, second);

        Assert.Equal(TreeSnapshot.Capture(source), TreeSnapshot.Capture(target));
        Assert.Equal(written, rewritten);
        Assert.Equal(first.ToArray(), second.ToArray());
    }
}
