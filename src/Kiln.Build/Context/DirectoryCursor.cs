namespace Kiln.Build.Context;

/// <summary>The walker's position inside one directory's sorted children.</summary>
internal sealed class DirectoryCursor(string path, WalkItem[] children)
{
    public string Path { get; } = path;

    public WalkItem[] Children { get; } = children;

    public int Index { get; set; }
}
