using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Instructions;

namespace Kiln.Dockerfile.Planning;

/// <summary>A cache mount the target uses (CALL-OUTLINE).</summary>
/// <param name="Id">The cache id.</param>
/// <param name="Target">The resolved mount target.</param>
/// <param name="Sharing">The sharing mode.</param>
/// <param name="Location">The first RUN using it.</param>
public sealed record OutlineCacheMount(string Id, string Target, CacheSharing Sharing, SourceRange Location);
