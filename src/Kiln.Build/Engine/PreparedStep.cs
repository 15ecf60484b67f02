using Kiln.Build.Cache;

namespace Kiln.Build.Engine;

/// <summary>
/// A filesystem step ready to look up or run: its cache key (parts kept for <c>--explain-cache</c>), whether its layer
/// is independent of the layers below (<c>--link</c>), and the work that changes the mounted tree
/// (<c>root</c>, the directory to read <c>/etc/passwd</c> from, cancellation).
/// </summary>
internal sealed record PreparedStep(CacheKeyBuilder Key, bool Independent, Func<string, string, CancellationToken, Task> Apply);
