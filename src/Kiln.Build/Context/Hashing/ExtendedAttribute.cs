namespace Kiln.Build.Context.Hashing;

/// <summary>One extended attribute of a context entry: its name and its raw (binary) value, as hashed into content digests.</summary>
/// <param name="Name">The attribute name, e.g. <c>user.comment</c> or <c>security.capability</c>.</param>
/// <param name="Value">The raw value bytes (may contain NULs; never decoded).</param>
public sealed record ExtendedAttribute(string Name, byte[] Value);
