namespace Kiln.Archives.Tar;

/// <summary>Options for <see cref="PaxTarWriter"/>.</summary>
public sealed record PaxTarWriterOptions
{
    /// <summary>
    /// SOURCE_DATE_EPOCH: when set, every mtime later than this (seconds since the epoch) is written as exactly this.
    /// </summary>
    public long? SourceDateEpoch { get; init; }

    /// <summary>Size of the write buffer; headers and content are gathered into it to keep writes large.</summary>
    public int BufferSize { get; init; } = 1 << 20;
}
