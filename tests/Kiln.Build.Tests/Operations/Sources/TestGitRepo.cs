using System.Runtime.Versioning;

namespace Kiln.Build.Tests.Operations.Sources;

/// <summary>
/// A real git repository in a temp directory for the git source tests: fixed author and dates (so commit times
/// are known), commits, lightweight and annotated tags, branches. Reached through <see cref="FileUrl"/>.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class TestGitRepo
{
    private int _tick;

    public TestGitRepo(string path)
    {
        Path = path;
        Directory.CreateDirectory(path);
        Git("init", "-q", "-b", "main", ".");
    }

    public string Path { get; }

    public string FileUrl => "file://" + Path;

    /// <summary>The committer time (Unix seconds) of the last commit made here.</summary>
    public long LastCommitTime { get; private set; }

    public void Write(string relative, string content, bool executable = false)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        File.SetUnixFileMode(full, executable
            ? (UnixFileMode)0b111_101_101
            : (UnixFileMode)0b110_100_100);
    }

    public void Symlink(string relative, string target)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.CreateSymbolicLink(full, target);
    }

    /// <summary>Commits everything and returns the full SHA.</summary>
    public string Commit(string message)
    {
        Git("add", "-A");
        LastCommitTime = 1_600_000_000 + (++_tick * 1000);
        Git("commit", "-q", "-m", message);
        return Git("rev-parse", "HEAD").Trim();
    }

    public string Git(params string[] arguments)
    {
        var date = $"@{1_600_000_000 + (_tick * 1000)} +0000";
        return Cli.Run("git", arguments, Path, new Dictionary<string, string>
        {
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_CONFIG_GLOBAL"] = "/dev/null",
            ["GIT_AUTHOR_NAME"] = "Kiln Test",
            ["GIT_AUTHOR_EMAIL"] = "test@kiln.invalid",
            ["GIT_COMMITTER_NAME"] = "Kiln Test",
            ["GIT_COMMITTER_EMAIL"] = "test@kiln.invalid",
            ["GIT_AUTHOR_DATE"] = date,
            ["GIT_COMMITTER_DATE"] = date,
        });
    }
}
