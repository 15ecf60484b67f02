namespace Kiln.Storage.Maintenance;

/// <summary>One inconsistency found by <see cref="LocalStore.CheckAsync"/>: what kind, the file or reference, and details.</summary>
public sealed record StoreProblem(StoreProblemKind Kind, string Subject, string Message)
{
    public override string ToString() => $"{Kind}: {Subject}: {Message}";
}
