using Kiln.Build.Operations.Files;
using Kiln.Linux;

namespace Kiln.Build.Operations.Run;

/// <summary>
/// Keeps the mount points a runtime creates out of a RUN layer: before the run it notes which mount destinations (and
/// their parent directories) are missing from the root; after the run it removes those it finds empty (an empty file or
/// directory the runtime made to mount on), deepest first. What the command itself wrote there is kept.
/// </summary>
internal sealed class MountPoints
{
    private readonly string _root;
    private readonly List<string> _missing = [];
    private readonly LinuxFileSystem _fs = new();

    private MountPoints(string root) => _root = root;

    /// <summary>Notes which of <paramref name="destinations"/> (absolute, inside <paramref name="root"/>) do not exist yet.</summary>
    public static MountPoints Record(string root, IEnumerable<string> destinations)
    {
        var points = new MountPoints(root);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var destination in destinations)
        {
            var path = RootedPath.Clean(destination);
            while (path.Length > 1 && seen.Add(path))
            {
                if (points.Exists(path))
                {
                    break;
                }

                points._missing.Add(path);
                path = path[..Math.Max(1, path.LastIndexOf('/'))];
            }
        }

        return points;
    }

    /// <summary>Removes the recorded paths that are now empty files or empty directories.</summary>
    public void RemoveCreated()
    {
        foreach (var path in _missing.OrderByDescending(p => p.Count(c => c == '/')).ThenByDescending(p => p, StringComparer.Ordinal))
        {
            var host = _root.TrimEnd('/') + path;
            if (_fs.TryLStat(host) is not { } status)
            {
                continue;
            }

            if (status.Kind == FileKind.Directory && !Directory.EnumerateFileSystemEntries(host).Any())
            {
                Directory.Delete(host);
            }
            else if (status.Kind == FileKind.Regular && status.Size == 0)
            {
                File.Delete(host);
            }
        }
    }

    private bool Exists(string path) => _fs.TryLStat(_root.TrimEnd('/') + path) is not null;
}
