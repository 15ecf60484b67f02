namespace Kiln.Cli.Tests.Differential;

/// <summary>What Kiln built for a differential case: its root filesystem, config fields and history.</summary>
public sealed record KilnOutcome(IReadOnlyDictionary<string, FileSummary> Files, ConfigView Config, IReadOnlyList<HistoryLine> History)
{
    public FileSummary File(string path) =>
        Files.TryGetValue(path.TrimStart('/'), out var summary) ? summary : throw new Xunit.Sdk.XunitException($"/{path.TrimStart('/')} is missing from Kiln's result");

    public string? Field(string name) => Config.Fields.GetValueOrDefault(name);
}
