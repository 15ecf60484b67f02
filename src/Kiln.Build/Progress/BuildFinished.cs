namespace Kiln.Build.Progress;

/// <summary>The build ended; the last event of a build. <see cref="Error"/> is null on success.</summary>
/// <param name="Time">When it ended.</param>
/// <param name="Duration">The whole build.</param>
/// <param name="ImageId">The image ID (config digest) on success, else null.</param>
/// <param name="Error">The failure, or null.</param>
/// <param name="Canceled">True when the build was cancelled (Ctrl-C).</param>
public sealed record BuildFinished(DateTimeOffset Time, TimeSpan Duration, string? ImageId = null, string? Error = null, bool Canceled = false) : BuildEvent(Time);
