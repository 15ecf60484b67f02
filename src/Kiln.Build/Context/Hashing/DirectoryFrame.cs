namespace Kiln.Build.Context.Hashing;

/// <summary>A directory whose Merkle node is still open during a selection hash: its metadata and the children hashed so far.</summary>
internal sealed class DirectoryFrame(string path, string fullPath, FileMetadata metadata)
{
    public string Path { get; } = path;

    public string FullPath { get; } = fullPath;

    public FileMetadata Metadata { get; } = metadata;

    public List<KeyValuePair<byte[], byte[]>> Children { get; } = [];
}
