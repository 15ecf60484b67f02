namespace Kiln.Dockerfile.Checks;

/// <summary>One finding in <see cref="CheckJsonReport"/>: rule name, description, URL, message (<c>detail</c>) and location.</summary>
public sealed record CheckJsonWarning
{
    public required string RuleName { get; init; }

    public string? Description { get; init; }

    public string? Url { get; init; }

    public string? Detail { get; init; }

    public CheckJsonLocation? Location { get; init; }
}
