namespace Kiln.Build.Outputs;

/// <summary>The <c>compression=</c> attribute of an image output (CLI-OUTPUT-IMAGE): how the engine stores the layers it creates.</summary>
public enum OutputCompression
{
    Uncompressed,
    Gzip,
    Estargz,
    Zstd,
}
