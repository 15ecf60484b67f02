namespace Kiln.Archives.Compression;

/// <summary>Whether gzip compression splits its input into chunks compressed concurrently (issue 3: parallel gzip).</summary>
public enum GzipParallelism
{
    /// <summary>Parallel once the input exceeds <see cref="CompressionOptions.ParallelThreshold"/>; a smaller input gets one classic deflate stream.</summary>
    Auto = 0,

    /// <summary>Always one classic deflate stream on the calling thread, as <c>gzip</c> and Docker produce.</summary>
    Off = 1,

    /// <summary>Always chunked and concurrent, whatever the input size.</summary>
    On = 2,
}
