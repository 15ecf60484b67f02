namespace Kiln.Build.Progress;

/// <summary>
/// A step (BuildKit's "vertex") started. <see cref="Id"/> is unique within the build and numbered from 1 in the order
/// steps are first reported; <see cref="Name"/> is BuildKit's step name (<c>[stage-1 2/4] COPY a.txt /a</c>,
/// <c>[internal] load build definition from Dockerfile</c>).
/// </summary>
/// <param name="Time">When it started.</param>
/// <param name="Id">The step number shown as <c>#N</c>.</param>
/// <param name="Name">The display name.</param>
/// <param name="Stage">The stage display name (<c>build</c>, <c>stage-0</c>), null for internal steps.</param>
/// <param name="StepIndex">Position in the stage (1-based, FROM is 1), null for internal steps.</param>
public sealed record StepStarted(DateTimeOffset Time, int Id, string Name, string? Stage = null, int? StepIndex = null) : BuildEvent(Time);
