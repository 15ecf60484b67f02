namespace Kiln.Cli.Rendering.Progress;

/// <summary>The latest state of one status item of a step in the terminal view.</summary>
internal sealed class TtyStatus(string item, DateTimeOffset first)
{
    public string Item { get; } = item;

    public DateTimeOffset First { get; } = first;

    public DateTimeOffset Last { get; set; } = first;

    public long Current { get; set; }

    public long? Total { get; set; }

    public bool Completed { get; set; }
}
