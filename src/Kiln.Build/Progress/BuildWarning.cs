namespace Kiln.Build.Progress;

/// <summary>A warning for the whole build (a build-check finding, an ignored option), printed after the steps like BuildKit does.</summary>
/// <param name="Time">When it was reported.</param>
/// <param name="Message">The one-line text (rule name and message for a check).</param>
/// <param name="Detail">More lines (the Dockerfile excerpt with the marked line), or null.</param>
/// <param name="Url">A documentation link, or null.</param>
public sealed record BuildWarning(DateTimeOffset Time, string Message, string? Detail = null, string? Url = null) : BuildEvent(Time);
