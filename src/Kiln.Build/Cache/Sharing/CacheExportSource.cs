namespace Kiln.Build.Cache.Sharing;

/// <summary>
/// What a finished build can export (CLI-CACHE-TO): every filesystem step it looked up or ran, the RUN cache mounts its
/// stages use, and the stages whose layers make up the final image (the target and the stages it is <c>FROM</c>),
/// which is all <c>mode=min</c> exports.
/// </summary>
public sealed record CacheExportSource(
    IReadOnlyList<ExportableStep> Steps,
    IReadOnlyList<ExportableMount> Mounts,
    IReadOnlySet<int> FinalStages)
{
    /// <summary>The steps <paramref name="mode"/> exports, in build order (stage, then position), each key once.</summary>
    public IReadOnlyList<ExportableStep> Select(CacheExportMode mode) =>
        Steps.Where(s => mode == CacheExportMode.Max || FinalStages.Contains(s.StageIndex))
            .OrderBy(s => s.StageIndex).ThenBy(s => s.Position)
            .DistinctBy(s => s.Record.Key)
            .ToList();

    /// <summary>The cache mount ids the stages <paramref name="mode"/> exports use, sorted.</summary>
    public IReadOnlyList<string> SelectMounts(CacheExportMode mode) =>
        Mounts.Where(m => mode == CacheExportMode.Max || FinalStages.Contains(m.StageIndex))
            .Select(m => m.Id).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}
