namespace Kiln.Cli.Tests.Differential;

/// <summary>One image history entry as the differential tests compare it (created times are ignored).</summary>
public sealed record HistoryLine(string CreatedBy, bool EmptyLayer, string? Comment)
{
    public override string ToString() => (EmptyLayer ? "(empty) " : "(layer) ") + CreatedBy + (Comment is null ? "" : "  # " + Comment);
}
