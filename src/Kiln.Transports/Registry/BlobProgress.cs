using Kiln.Oci;

namespace Kiln.Transports.Registry;

/// <summary>A progress report for one blob of a pull or push: which blob, its role, bytes done of total, and its state.</summary>
public sealed record BlobProgress(Digest Digest, string MediaType, long Done, long Total, BlobTransferState State);
