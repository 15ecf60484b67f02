using System.Globalization;
using Kiln.Linux;

namespace Kiln.Build.Snapshots;

/// <summary>
/// The working directory of one build process: <c>&lt;store&gt;/build/&lt;pid&gt;-&lt;id&gt;/</c>, on the store's filesystem so a
/// committed upper dir becomes a snapshot by a rename. Work trees of processes that died (a crash, SIGKILL) are
/// unmounted and removed by the next build; this build's tree is removed on dispose.
/// </summary>
public sealed class BuildWorkspace : IDisposable
{
    private readonly LinuxFileSystem _fs = new();
    private readonly LinuxMounts _mounts;
    private int _next;

    private BuildWorkspace(string root, LinuxMounts mounts)
    {
        Root = root;
        _mounts = mounts;
    }

    /// <summary>This build's directory.</summary>
    public string Root { get; }

    /// <summary>Creates a workspace under <paramref name="buildDirectory"/> after cleaning up after dead processes.</summary>
    public static BuildWorkspace Create(string buildDirectory, LinuxMounts mounts)
    {
        ArgumentNullException.ThrowIfNull(buildDirectory);
        Directory.CreateDirectory(buildDirectory);
        RemoveAbandoned(buildDirectory, mounts);
        var root = Path.Combine(buildDirectory, string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}-{Guid.NewGuid():N}"));
        Directory.CreateDirectory(root);
        return new BuildWorkspace(root, mounts);
    }

    /// <summary>A new empty directory inside the workspace.</summary>
    public string NewDirectory(string purpose)
    {
        var path = Path.Combine(Root, string.Create(CultureInfo.InvariantCulture, $"{purpose}-{Interlocked.Increment(ref _next)}"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Unmounts whatever is still mounted below the workspace and deletes it.</summary>
    public void Dispose()
    {
        UnmountBelow(Root, _mounts);
        if (Directory.Exists(Root))
        {
            _fs.RemoveTree(Root);
        }
    }

    private static void RemoveAbandoned(string buildDirectory, LinuxMounts mounts)
    {
        foreach (var directory in Directory.EnumerateDirectories(buildDirectory))
        {
            var name = Path.GetFileName(directory);
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !int.TryParse(name.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            if (pid != Environment.ProcessId && Directory.Exists("/proc/" + pid.ToString(CultureInfo.InvariantCulture)))
            {
                continue; // a build running in another process
            }

            try
            {
                UnmountBelow(directory, mounts);
                new LinuxFileSystem().RemoveTree(directory);
            }
            catch (IOException)
            {
                // Best effort: a later build tries again.
            }
        }
    }

    /// <summary>Unmounts every mount point at or below <paramref name="directory"/>, deepest first.</summary>
    internal static void UnmountBelow(string directory, LinuxMounts mounts)
    {
        var prefix = directory.TrimEnd('/') + "/";
        var targets = new List<string>();
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            if (fields.Length > 4)
            {
                var mountPoint = UnescapeMountInfo(fields[4]);
                if (mountPoint.StartsWith(prefix, StringComparison.Ordinal) || mountPoint == directory)
                {
                    targets.Add(mountPoint);
                }
            }
        }

        foreach (var target in targets.OrderByDescending(t => t.Length))
        {
            mounts.Unmount(target);
        }
    }

    // mountinfo escapes space, tab, newline and backslash as \ooo octal.
    private static string UnescapeMountInfo(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var builder = new System.Text.StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length)
            {
                var octal = field.Substring(i + 1, 3);
                if (octal.All(c => c is >= '0' and <= '7'))
                {
                    builder.Append((char)Convert.ToInt32(octal, 8));
                    i += 3;
                    continue;
                }
            }

            builder.Append(field[i]);
        }

        return builder.ToString();
    }
}
