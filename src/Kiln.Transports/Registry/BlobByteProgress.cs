using Kiln.Oci;

namespace Kiln.Transports.Registry;

/// <summary>Turns a transfer's byte count into <see cref="BlobProgress"/> reports for one blob.</summary>
internal sealed class BlobByteProgress(Descriptor blob, IProgress<BlobProgress> progress) : IProgress<long>
{
    public void Report(long value) => progress.Report(new BlobProgress(blob.Digest, blob.MediaType, value, blob.Size, BlobTransferState.Transferring));
}
