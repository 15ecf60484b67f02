using System.Text.Json;

namespace Kiln.Build.Debugging;

/// <summary>
/// Kept filesystems of failed RUN steps (<c>kiln build --on-failure=keep</c>), under <c>&lt;store&gt;/debug/&lt;id&gt;/</c>:
/// <c>upper/</c> (what the step wrote before it failed, in overlay format) and <c>step.json</c> (<see cref="FailedStep"/>).
/// The lower layers are the store's snapshots; <c>kiln debug ID</c> stacks them again.
/// </summary>
public sealed class FailedStepStore(string storeRoot)
{
    public string Root => Path.Combine(storeRoot, "debug");

    /// <summary>Moves <paramref name="upperDirectory"/> (unmounted) into a new entry and returns its id.</summary>
    public string Keep(FailedStep step, string upperDirectory)
    {
        ArgumentNullException.ThrowIfNull(step);
        var id = Guid.NewGuid().ToString("N")[..12];
        var directory = Path.Combine(Root, id);
        Directory.CreateDirectory(directory);
        Directory.Move(upperDirectory, Path.Combine(directory, "upper"));
        File.WriteAllBytes(Path.Combine(directory, "step.json"), JsonSerializer.SerializeToUtf8Bytes(step, FailedStepJsonContext.Default.FailedStep));
        return id;
    }

    /// <summary>The entry <paramref name="id"/>: its step and upper dir, or null when there is none.</summary>
    public (FailedStep Step, string Upper)? Find(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length == 0 || id.Any(c => !char.IsAsciiHexDigitLower(c)))
        {
            return null;
        }

        var directory = Path.Combine(Root, id);
        var file = Path.Combine(directory, "step.json");
        if (!File.Exists(file))
        {
            return null;
        }

        var step = JsonSerializer.Deserialize(File.ReadAllBytes(file), FailedStepJsonContext.Default.FailedStep);
        return step is null ? null : (step, Path.Combine(directory, "upper"));
    }

    /// <summary>Deletes entry <paramref name="id"/>; false when there was none.</summary>
    public bool Remove(string id)
    {
        if (Find(id) is null)
        {
            return false;
        }

        _ = new Kiln.Linux.LinuxFileSystem().RemoveTree(Path.Combine(Root, id));
        return true;
    }
}
