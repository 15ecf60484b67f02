using System.Diagnostics;
using System.Globalization;
using Kiln.Archives.Compression;
using Kiln.Archives.Layers;
using Kiln.Linux;

namespace Kiln.Benchmarks;

/// <summary>
/// <c>layer-write DIR gzip|pgzip|zstd|none OUTFILE</c>: packs a directory into a layer blob with
/// <see cref="LayerWriter"/> and prints sizes, seconds and digests, for <c>bench/layers/run</c> (issue 3
/// acceptance "Benchmarks": layer write throughput next to tar | gzip / pigz / zstd).
/// </summary>
internal static class LayerWriteCommand
{
    public const string Name = "layer-write";

    public static int Run(string[] args)
    {
        if (args.Length != 4)
        {
            Console.Error.WriteLine("usage: layer-write DIR gzip|pgzip|zstd|none OUTFILE");
            return 2;
        }

        var compression = args[2] switch
        {
            "gzip" => new CompressionOptions { Format = Kiln.Oci.Compression.Gzip, GzipParallelism = GzipParallelism.Off },
            "pgzip" => new CompressionOptions { Format = Kiln.Oci.Compression.Gzip, GzipParallelism = GzipParallelism.On },
            "zstd" => new CompressionOptions { Format = Kiln.Oci.Compression.Zstd },
            "none" => new CompressionOptions { Format = Kiln.Oci.Compression.None },
            _ => null,
        };
        if (compression is null)
        {
            Console.Error.WriteLine($"unknown compression '{args[2]}': expected gzip, pgzip, zstd or none");
            return 2;
        }

        var writer = new LayerWriter(new LinuxFileSystem(), new LayerWriterOptions { Compression = compression });
        var stopwatch = Stopwatch.StartNew();
        LayerWriteResult result;
        using (var output = new FileStream(args[3], FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 20))
        {
            result = writer.WriteDirectory(args[1], output);
        }

        stopwatch.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"uncompressed={result.UncompressedSize} compressed={result.Descriptor.Size} seconds={stopwatch.Elapsed.TotalSeconds:F3} digest={result.Descriptor.Digest} diffid={result.DiffId}"));
        return 0;
    }
}
