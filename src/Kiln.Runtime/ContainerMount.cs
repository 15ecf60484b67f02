namespace Kiln.Runtime;

/// <summary>An extra mount for a container: a bind of a host path (file or directory) or a filesystem such as tmpfs.</summary>
/// <param name="Destination">Absolute path inside the container.</param>
/// <param name="Type"><c>bind</c>, <c>tmpfs</c>, ….</param>
/// <param name="Source">The host path for a bind, the filesystem name otherwise.</param>
/// <param name="Options">Mount options (<c>rbind</c>, <c>ro</c>, <c>size=64m</c>, …).</param>
public sealed record ContainerMount(string Destination, string Type, string Source, IReadOnlyList<string> Options)
{
    /// <summary>A bind mount of <paramref name="source"/>, read-only unless <paramref name="readOnly"/> is false.</summary>
    public static ContainerMount Bind(string source, string destination, bool readOnly = true) =>
        new(destination, "bind", source, readOnly ? ["rbind", "ro"] : ["rbind", "rw"]);
}
