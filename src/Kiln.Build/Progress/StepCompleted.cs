namespace Kiln.Build.Progress;

/// <summary>A step finished: from the cache (<see cref="Cached"/>), by running, or with <see cref="Error"/> set when it failed.</summary>
/// <param name="Time">When it finished.</param>
/// <param name="Id">The step number of the matching <see cref="StepStarted"/>.</param>
/// <param name="Cached">True when the result came from the build cache (printed as CACHED).</param>
/// <param name="Duration">Time since the step started.</param>
/// <param name="Error">The failure message, or null on success.</param>
/// <param name="Canceled">True when the build was cancelled while the step ran.</param>
public sealed record StepCompleted(DateTimeOffset Time, int Id, bool Cached, TimeSpan Duration, string? Error = null, bool Canceled = false) : BuildEvent(Time);
