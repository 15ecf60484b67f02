namespace Kiln.Distribution.Blobs;

/// <summary>How blobs are uploaded: monolithic up to <see cref="MonolithicLimit"/> bytes, chunked PATCHes of <see cref="ChunkSize"/> beyond.</summary>
public sealed record BlobUploadOptions
{
    /// <summary>Blobs up to this size go in one PUT (POST, then <c>PUT ?digest=</c>).</summary>
    public long MonolithicLimit { get; init; } = 32L << 20;

    /// <summary>The size of each PATCH of a chunked upload.</summary>
    public int ChunkSize { get; init; } = 16 << 20;

    /// <summary>How often a broken upload is resumed (chunked) or restarted (monolithic) before giving up.</summary>
    public int MaxAttempts { get; init; } = 5;
}
