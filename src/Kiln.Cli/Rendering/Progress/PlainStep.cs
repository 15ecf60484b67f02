using Kiln.Build.Progress;

namespace Kiln.Cli.Rendering.Progress;

/// <summary>What <see cref="PlainProgressRenderer"/> knows about one step: its lines not printed yet and its logs.</summary>
internal sealed class PlainStep(int id, DateTimeOffset firstSeen)
{
    /// <summary>BuildKit keeps this many last log lines of a step for the error block.</summary>
    public const int ErrorLogLines = 10;

    public int Id { get; } = id;

    public string? Name { get; set; }

    /// <summary>Order of first appearance, to list failed steps in build order.</summary>
    public int Order { get; init; }

    public StepTranscript Transcript { get; } = new(firstSeen, ErrorLogLines);

    /// <summary>Lines to print under this step (without the <c>#N </c> prefix).</summary>
    public List<string> Pending { get; } = [];

    /// <summary>Since when the step has something to show (its header at least), or null when all was printed.</summary>
    public DateTimeOffset? PendingSince { get; set; }

    /// <summary>The end of the step, once reported.</summary>
    public StepCompleted? Completion { get; set; }

    /// <summary>Per status item: when it was first reported, and the last printed report.</summary>
    public Dictionary<string, (DateTimeOffset First, DateTimeOffset? LastTime, long LastCurrent)> Statuses { get; } = new(StringComparer.Ordinal);

    public string Header => Name is null ? "#" + Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : "#" + Id.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + Name;

    public void Add(string line, DateTimeOffset time)
    {
        Pending.Add(line);
        PendingSince ??= time;
    }
}
