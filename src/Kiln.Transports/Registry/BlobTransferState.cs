namespace Kiln.Transports.Registry;

/// <summary>Where one blob of a pull or push stands.</summary>
public enum BlobTransferState
{
    /// <summary>Bytes are moving; <see cref="BlobProgress.Done"/> counts them.</summary>
    Transferring,

    /// <summary>Nothing to move: the destination already had it.</summary>
    Skipped,

    /// <summary>Mounted from another repository of the same registry.</summary>
    Mounted,

    /// <summary>Transferred and verified.</summary>
    Done,
}
