using Kiln.Build.Progress;

namespace Kiln.Cli.Rendering.Progress;

/// <summary>What <see cref="TtyProgressRenderer"/> knows about one step.</summary>
internal sealed class TtyStep(int id, DateTimeOffset firstSeen)
{
    public int Id { get; } = id;

    public string? Name { get; set; }

    public DateTimeOffset Start { get; set; } = firstSeen;

    public StepCompleted? Completion { get; set; }

    /// <summary>Every log line while the step runs (and after, when it failed), for the error block.</summary>
    public StepTranscript Transcript { get; } = new(firstSeen, keep: null);

    /// <summary>Status items in the order they first appeared.</summary>
    public List<TtyStatus> Statuses { get; } = [];

    public List<string> CacheReasons { get; } = [];

    public bool Failed => Completion is { Error: not null, Canceled: false };

    public TtyStatus Status(string item, DateTimeOffset time)
    {
        foreach (var status in Statuses)
        {
            if (status.Item == item)
            {
                return status;
            }
        }

        var added = new TtyStatus(item, time);
        Statuses.Add(added);
        return added;
    }
}
