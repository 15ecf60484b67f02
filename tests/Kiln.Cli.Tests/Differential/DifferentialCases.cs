namespace Kiln.Cli.Tests.Differential;

/// <summary>
/// The differential cases (issue #4): COPY (<see cref="Copy"/>), ADD (<see cref="Add"/>) and config/history
/// (<see cref="Config"/>) rules, each a Dockerfile with its context. Immutable data, built once.
/// </summary>
internal static partial class DifferentialCases
{
    /// <summary>An /etc/passwd and /etc/group with named users and groups for the <c>--chown=name</c> and USER cases.</summary>
    public const string Passwd = "root:x:0:0:root:/root:/bin/sh\napp:x:1001:1002:app:/home/app:/bin/sh\nother:x:1500:1600::/:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n";

    public const string Group = "root:x:0:\nstaff:x:50:\napp:x:1002:\nnogroup:x:65534:\n";

    public static IReadOnlyList<DifferentialCase> All { get; } = [.. Copy(), .. Add(), .. Config(), .. Run()];

    /// <summary>An octal mode, as Dockerfiles and chmod write them.</summary>
    private static int O(string octal) => Convert.ToInt32(octal, 8);

    private static ContextEntry F(string path, string content, string mode = "644") => ContextEntry.File(path, content, O(mode));

    private static ContextEntry D(string path, string mode = "755") => ContextEntry.Directory(path, O(mode));

    private static ContextEntry L(string path, string target) => ContextEntry.Symlink(path, target);

    private static void Has(KilnOutcome result, string path, char type, string mode, long uid = 0, long gid = 0)
    {
        var file = result.File(path);
        Assert.True(
            file.Type == type && file.Mode == O(mode) && file.Uid == uid && file.Gid == gid,
            $"/{path.TrimStart('/')}: expected {type} {mode} {uid}:{gid}, got {file}");
    }

    private static void Missing(KilnOutcome result, string path) =>
        Assert.False(result.Files.ContainsKey(path.TrimStart('/')), $"/{path.TrimStart('/')} should not exist");
}
