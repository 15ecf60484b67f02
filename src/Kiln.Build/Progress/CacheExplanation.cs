namespace Kiln.Build.Progress;

/// <summary>
/// Why a step missed the cache (<c>--explain-cache</c>): one line per part of its key that differs from the last
/// build of the same step (<c>file app/main.go changed</c>, <c>build arg VERSION changed from 1 to 2</c>,
/// <c>parent step changed</c>), or a single line saying the step was never built before.
/// </summary>
/// <param name="Time">When it was reported.</param>
/// <param name="Id">The step number.</param>
/// <param name="Reasons">The differences, most significant first.</param>
public sealed record CacheExplanation(DateTimeOffset Time, int Id, IReadOnlyList<string> Reasons) : BuildEvent(Time);
