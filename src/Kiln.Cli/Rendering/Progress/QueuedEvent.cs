using Kiln.Build.Progress;

namespace Kiln.Cli.Rendering.Progress;

/// <summary>An event waiting in a <see cref="ProgressPump"/>, or a clock tick when <see cref="Event"/> is null.</summary>
/// <param name="Event">The event, or null for a tick.</param>
/// <param name="ReceivedAt">When it was reported (or the tick fired), on the renderer's clock.</param>
internal readonly record struct QueuedEvent(BuildEvent? Event, DateTimeOffset ReceivedAt);
