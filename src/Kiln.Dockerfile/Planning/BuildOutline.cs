namespace Kiln.Dockerfile.Planning;

/// <summary>The answer to <c>--call=outline</c> (CALL-OUTLINE): the target and what it needs from the caller.</summary>
/// <param name="Target">The target stage's name (empty when unnamed).</param>
/// <param name="Description">The target's description, or empty.</param>
/// <param name="Args">Build arguments the target uses, by location.</param>
/// <param name="Secrets">Secret ids, by location.</param>
/// <param name="Ssh">SSH ids, by location.</param>
/// <param name="CacheMounts">Cache mounts, by location.</param>
public sealed record BuildOutline(
    string Target,
    string Description,
    IReadOnlyList<OutlineArg> Args,
    IReadOnlyList<OutlineSecret> Secrets,
    IReadOnlyList<OutlineSecret> Ssh,
    IReadOnlyList<OutlineCacheMount> CacheMounts);
