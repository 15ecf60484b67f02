using Kiln.Dockerfile.Instructions;

namespace Kiln.Dockerfile.Planning;

/// <summary>
/// A RUN mount after expansion and resolution (DF-RUN-MOUNT*): <see cref="Mount"/> has its target made absolute
/// against WORKDIR (bind, cache, tmpfs), the default cache id (the cleaned target) and the default ssh target filled in.
/// </summary>
/// <param name="Mount">The resolved mount.</param>
/// <param name="Source">Where <c>from=</c> points (a cache without <c>from</c> starts empty: null), or null for the build context.</param>
public sealed record RunMount(Mount Mount, DependencySource? Source);
