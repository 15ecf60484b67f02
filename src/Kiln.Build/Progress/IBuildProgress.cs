namespace Kiln.Build.Progress;

/// <summary>
/// Where the engine reports <see cref="BuildEvent"/>s. Implementations must accept calls from several threads (stages
/// run in parallel) and must not block the build for long; renderers buffer and draw on their own schedule.
/// </summary>
public interface IBuildProgress
{
    /// <summary>Records one event.</summary>
    void Report(BuildEvent buildEvent);
}
