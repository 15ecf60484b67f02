using System.Diagnostics;
using System.Text;
using Kiln.Archives.Tar;
using Kiln.Linux;
using Kiln.Oci;
using Kiln.Testing;

namespace Kiln.Cli.Tests.Images;

/// <summary>
/// Helpers for the image interop tests: runs the real tools (the published <c>kiln</c> through the repository launcher,
/// <c>docker</c> against the private engine of <c>scripts/dockerd</c>, skopeo, umoci) and builds archives by hand.
/// </summary>
internal static class ImageInteropTestsSupport
{
    public sealed record ToolResult(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
    }

    /// <summary>Starts (or reuses) the private Docker engine and returns its DOCKER_HOST.</summary>
    public static string StartDocker()
    {
        var result = Run("bash", [Path.Combine(TestPaths.RepositoryRoot, "scripts", "dockerd"), "start"]);
        Assert.True(result.ExitCode == 0, "scripts/dockerd start failed: " + result);
        return result.Stdout.Trim();
    }

    /// <summary>Writes the reproducible busybox rootfs tarball.</summary>
    public static void MakeBusyboxRootfs(string output)
    {
        var result = Run("bash", [Path.Combine(TestPaths.RepositoryRoot, "scripts", "make-busybox-rootfs"), output]);
        Assert.True(result.ExitCode == 0, "scripts/make-busybox-rootfs failed: " + result);
    }

    public static ToolResult RunKiln(string root, params string[] args) => KilnWith(root, null, args);

    public static ToolResult KilnWith(string root, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        Run("bash", [Path.Combine(TestPaths.RepositoryRoot, "kiln"), "--root", root, .. args], environment);

    /// <summary>Starts kiln without waiting (for the crash test).</summary>
    public static Process StartKiln(string root, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[Path.Combine(TestPaths.RepositoryRoot, "kiln"), "--root", root, .. args])
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// Starts kiln as a terminal's foreground job would run it, output redirected, for tests that press Ctrl-C: a test host
    /// started as a background job inherits an ignored SIGINT (shells do that for background jobs, and the ignored
    /// disposition survives exec), which kiln rightly keeps; perl (Essential in Debian) restores the default first.
    /// </summary>
    public static Process StartKilnInterruptible(string root, params string[] args)
    {
        var start = new ProcessStartInfo("perl") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in (string[])["-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die $!", "bash", Path.Combine(TestPaths.RepositoryRoot, "kiln"), "--root", root, .. args])
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    public static ToolResult Docker(string host, params string[] args) =>
        Run("docker", args, new Dictionary<string, string> { ["DOCKER_HOST"] = host });

    public static ToolResult Run(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(file + " " + string.Join(' ', args) + " did not finish");
        }

        return new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    public static ToolResult Ok(ToolResult result, string what)
    {
        Assert.True(result.ExitCode == 0, what + " failed: " + result);
        return result;
    }

    /// <summary>A layer tar: files given as (path, content); paths are written verbatim (hostile ones included).</summary>
    public static byte[] Layer(params (string Path, byte[] Content)[] files)
    {
        var buffer = new MemoryStream();
        using (var tar = new PaxTarWriter(buffer, leaveOpen: true))
        {
            foreach (var (path, content) in files)
            {
                tar.WriteEntry(new TarEntry { Path = path, Type = TarEntryType.RegularFile, Size = content.Length, Mode = 0x1A4, ModificationTime = UnixTimestamp.FromSeconds(1) }, new MemoryStream(content));
            }

            tar.Finish();
        }

        return buffer.ToArray();
    }

    /// <summary>Writes a Docker 20.10-style docker-archive to <paramref name="path"/>; <paramref name="declaredDiffIds"/> overrides the config's.</summary>
    public static void WriteDockerArchive(string path, IReadOnlyList<byte[]> layers, string tag, IReadOnlyList<Digest>? declaredDiffIds = null)
    {
        var diffIds = declaredDiffIds ?? layers.Select(l => Digest.Compute(l)).ToList();
        var config = Encoding.UTF8.GetBytes(
            "{\"architecture\":\"amd64\",\"config\":{\"Cmd\":[\"/bin/sh\"]},\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
            + string.Join(",", diffIds.Select(d => $"\"{d}\"")) + "]}}");
        var configName = Digest.Compute(config).Encoded + ".json";
        using var file = File.Create(path);
        using var tar = new PaxTarWriter(file);
        void Add(string name, byte[] bytes) => tar.WriteEntry(new TarEntry { Path = name, Type = TarEntryType.RegularFile, Size = bytes.Length, Mode = 0x1A4 }, new MemoryStream(bytes));
        Add(configName, config);
        var paths = new List<string>();
        for (var i = 0; i < layers.Count; i++)
        {
            var name = $"layer{i}/layer.tar";
            Add(name, layers[i]);
            paths.Add(name);
        }

        Add("manifest.json", Encoding.UTF8.GetBytes($"[{{\"Config\":\"{configName}\",\"RepoTags\":[\"{tag}\"],\"Layers\":[{string.Join(",", paths.Select(p => $"\"{p}\""))}]}}]"));
        tar.Finish();
    }

    /// <summary>Copies a tar, replacing the content of one member with <paramref name="replace"/>(old content).</summary>
    public static void RewriteMember(string source, string destination, string member, Func<byte[], byte[]> replace)
    {
        using var input = File.OpenRead(source);
        using var reader = new TarReader(input);
        using var output = File.Create(destination);
        using var tar = new PaxTarWriter(output);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.Type != TarEntryType.RegularFile)
            {
                tar.WriteEntry(entry);
                continue;
            }

            var content = new MemoryStream();
            reader.Content.CopyTo(content);
            var bytes = entry.Path == member ? replace(content.ToArray()) : content.ToArray();
            tar.WriteEntry(entry with { Size = bytes.Length }, new MemoryStream(bytes));
        }

        tar.Finish();
    }
}
