namespace Kiln.Storage.Maintenance;

/// <summary>The result of <see cref="LocalStore.CheckAsync"/> (<c>kiln system check</c>).</summary>
public sealed record CheckReport(int BlobsChecked, long BytesChecked, int ReferencesChecked, IReadOnlyList<StoreProblem> Problems)
{
    /// <summary>True when no problem was found.</summary>
    public bool IsClean => Problems.Count == 0;
}
