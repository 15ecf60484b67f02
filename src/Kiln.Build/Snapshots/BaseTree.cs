using Kiln.Linux;

namespace Kiln.Build.Snapshots;

/// <summary>
/// What a <see cref="CopySnapshotter"/> copied into a step's tree before the step ran: every path (relative, <c>/a/b</c>)
/// with the copy's inode and change time, the names in each directory, and the layer directories it came from. A path
/// whose inode and ctime are unchanged after the step cannot have been touched (ctime cannot be set by a process); any
/// other path is compared with its source in the layers.
/// </summary>
public sealed class BaseTree
{
    private readonly Dictionary<string, (FileIdentity Identity, UnixTimestamp ChangeTime)> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _children = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<string> _layers;

    internal BaseTree(IReadOnlyList<string> layers) => _layers = layers;

    internal void Add(string relative, FileStatus status)
    {
        _entries[relative] = (status.Identity, status.ChangeTime);
        if (relative.Length > 0)
        {
            var slash = relative.LastIndexOf('/');
            var parent = relative[..slash];
            if (!_children.TryGetValue(parent, out var names))
            {
                _children[parent] = names = [];
            }

            names.Add(relative[(slash + 1)..]);
        }
    }

    /// <summary>Whether <paramref name="relative"/> was in the tree.</summary>
    public bool Contains(string relative) => _entries.ContainsKey(relative);

    /// <summary>Whether <paramref name="status"/> is the very copy made of <paramref name="relative"/>, untouched since.</summary>
    public bool Untouched(string relative, FileStatus status) =>
        _entries.TryGetValue(relative, out var entry) && entry.Identity == status.Identity && entry.ChangeTime == status.ChangeTime;

    /// <summary>The names the directory <paramref name="relative"/> held.</summary>
    public IReadOnlyList<string> Children(string relative) => _children.TryGetValue(relative, out var names) ? names : [];

    /// <summary>
    /// The layer file <paramref name="relative"/> was copied from: its entry in the topmost layer that has one (a higher
    /// whiteout or opaque directory would have removed it from the tree).
    /// </summary>
    public string Source(string relative)
    {
        var fs = new LinuxFileSystem();
        for (var i = _layers.Count - 1; i >= 0; i--)
        {
            var candidate = _layers[i] + relative;
            if (fs.TryLStat(candidate) is not null)
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"{relative} is in the base tree but in none of its layers");
    }
}
