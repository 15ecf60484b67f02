using Kiln.Build.Progress;

namespace Kiln.Cli.Rendering.Progress;

/// <summary>
/// Shows build progress (CLI-PROGRESS): receives the engine's events from any thread, draws them on its own schedule
/// and serialises its output. <see cref="CompleteAsync"/> prints what is still buffered and the end of the output
/// (final view, failed steps' logs, warnings summary); events reported after it are ignored. The build's overall
/// error (<see cref="BuildFinished.Error"/>) is not printed: the command prints it afterwards, as buildx does.
/// </summary>
internal interface IProgressRenderer : IBuildProgress, IAsyncDisposable
{
    /// <summary>Flushes everything and finishes drawing; safe to call more than once.</summary>
    Task CompleteAsync();
}
