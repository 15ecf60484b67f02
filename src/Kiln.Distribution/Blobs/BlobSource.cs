namespace Kiln.Distribution.Blobs;

/// <summary>
/// Opens a blob's content positioned at an offset, so an interrupted upload can resume (or restart) from any point.
/// The returned stream is owned and disposed by the caller.
/// </summary>
public delegate Task<Stream> BlobSource(long offset, CancellationToken cancellationToken);
