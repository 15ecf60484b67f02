namespace Kiln.Build.Outputs;

/// <summary>The <c>mode=</c> attribute of <c>type=local</c> (CLI-OUTPUT-LOCAL).</summary>
public enum LocalOutputMode
{
    /// <summary>Files are written over what the directory holds; other files stay (buildx's default).</summary>
    Copy,

    /// <summary>The directory ends up holding exactly the result: what the image does not have is removed first.</summary>
    Delete,
}
