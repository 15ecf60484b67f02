namespace Kiln.Build.Progress;

/// <summary>
/// Progress of one item inside a step (BuildKit's "status": <c>transferring context: 2.1MB</c>, <c>exporting layers</c>,
/// <c>writing image sha256:...</c>). <see cref="Total"/> is null when unknown; <see cref="Completed"/> marks the item done.
/// </summary>
/// <param name="Time">When it was reported.</param>
/// <param name="Id">The step number.</param>
/// <param name="Item">The item name (stable within the step: later reports update it).</param>
/// <param name="Current">Units done (bytes, files), 0 when not counted.</param>
/// <param name="Total">Units in all, or null when unknown.</param>
/// <param name="Completed">True when the item is done.</param>
public sealed record StepStatus(DateTimeOffset Time, int Id, string Item, long Current = 0, long? Total = null, bool Completed = false) : BuildEvent(Time);
