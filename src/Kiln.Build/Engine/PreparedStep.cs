using Kiln.Build.Cache;

namespace Kiln.Build.Engine;

/// <summary>
/// A filesystem step ready to look up or run: its cache key (parts kept for <c>--explain-cache</c>), whether its layer
/// is independent of the layers below (<c>--link</c>), and the work that changes the mounted tree
/// (<c>root</c>, the directory to read <c>/etc/passwd</c> from, cancellation). <see cref="PruneCopiedUpDirectories"/> is set
/// for RUN, whose runtime makes mount points that leave copied-up, unchanged directories in the upper dir.
/// </summary>
internal sealed record PreparedStep(CacheKeyBuilder Key, bool Independent, Func<string, string, CancellationToken, Task> Apply)
{
    public bool PruneCopiedUpDirectories { get; init; }

    /// <summary>Filled by a RUN whose command failed: what <c>--on-failure=keep</c> keeps for <c>kiln debug</c>.</summary>
    public System.Runtime.CompilerServices.StrongBox<Debugging.FailedStep?>? Failure { get; init; }
}
