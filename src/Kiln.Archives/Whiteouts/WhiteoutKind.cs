namespace Kiln.Archives.Whiteouts;

/// <summary>What an entry's base name means under the OCI whiteout convention.</summary>
public enum WhiteoutKind
{
    /// <summary>Ordinary content.</summary>
    None,

    /// <summary><c>.wh.&lt;name&gt;</c>: delete the sibling.</summary>
    Whiteout,

    /// <summary><c>.wh..wh..opq</c>: hide the lower layers' children of the directory.</summary>
    Opaque,
}
