namespace Kiln.Storage.Maintenance;

/// <summary>The kinds of inconsistency <see cref="LocalStore.CheckAsync"/> reports.</summary>
public enum StoreProblemKind
{
    /// <summary>A blob's content does not hash to its file name.</summary>
    CorruptBlob,

    /// <summary>A blob's length differs from the descriptor that references it.</summary>
    SizeMismatch,

    /// <summary>A reference, index, or manifest points at a blob that is not in the store.</summary>
    MissingBlob,

    /// <summary>A manifest, index, config, <c>index.json</c> or <c>oci-layout</c> cannot be parsed.</summary>
    InvalidDocument,

    /// <summary>A file in the layout that is not a blob named by its digest (e.g. a leftover temp file).</summary>
    StrayFile,
}
