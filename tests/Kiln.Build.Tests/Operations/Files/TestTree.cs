using Kiln.Linux;

namespace Kiln.Build.Tests.Operations.Files;

/// <summary>Helpers to build real file trees with exact modes, owners and times for the copy tests.</summary>
internal static class TestTree
{
    public static LinuxFileSystem Fs { get; } = new();

    /// <summary>An octal literal: <c>O("755")</c>.</summary>
    public static int O(string octal) => Convert.ToInt32(octal, 8);

    public static string Octal(int mode) => Convert.ToString(mode, 8);

    public static string File(string root, string relative, string content, string mode = "644")
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        Fs.Chmod(path, O(mode));
        return path;
    }

    public static string Dir(string root, string relative, string mode = "755")
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(path);
        Fs.Chmod(path, O(mode));
        return path;
    }

    public static string Link(string root, string relative, string target)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Fs.CreateSymlink(target, path);
        return path;
    }

    public static FileStatus Stat(string root, string relative) => Fs.LStat(Path.Combine(root, relative));

    public static string Read(string root, string relative) => System.IO.File.ReadAllText(Path.Combine(root, relative));
}
