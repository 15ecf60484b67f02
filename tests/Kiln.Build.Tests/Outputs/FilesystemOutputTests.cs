using Kiln.Archives.Tar;
using Kiln.Build.Outputs;
using Kiln.Linux;
using Kiln.Storage;
using Kiln.Storage.Images;
using Kiln.Testing;

namespace Kiln.Build.Tests.Outputs;

/// <summary>The filesystem outputs (CLI-OUTPUT-TAR, CLI-OUTPUT-LOCAL) from a real store, checked with GNU tar and lstat.</summary>
public sealed class FilesystemOutputTests : IDisposable
{
    private readonly TempDirectory _dir = new("kiln-outputs-fs");
    private readonly ImageExporter _exporter = new();
    private readonly LinuxFileSystem _fs = new();

    public void Dispose() => _dir.Dispose();

    private string Out(string name) => Path.Combine(_dir.Path, "out", name);

    private static Stream NoStdout() => throw new InvalidOperationException("this output must not write to stdout");

    private async Task<(LocalStore Store, StoredImage Image)> StoreWithImageAsync(params byte[][] layers)
    {
        var store = await LocalStore.OpenAsync(Path.Combine(_dir.Path, "store"));
        return (store, await OutputTestImages.AddAsync(store, layers));
    }

    [Fact]
    public async Task Tar_file_holds_the_flattened_filesystem_for_gnu_tar()
    {
        var (store, image) = await StoreWithImageAsync();
        var path = Out("rootfs.tar");
        var result = await _exporter.ExportAsync(store, image, [], OutputSpec.Parse($"type=tar,dest={path}"), NoStdout);
        Assert.Equal(path, result.Path);
        Assert.Null(result.Image);

        var listing = ExternalTools.Ok("tar", "--numeric-owner", "-tvf", path).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(listing, l => l.StartsWith("-rwxr-xr-x 1000/1001", StringComparison.Ordinal) && l.EndsWith(" bin/tool", StringComparison.Ordinal));
        Assert.Contains(listing, l => l.EndsWith(" bin/link -> tool", StringComparison.Ordinal));
        Assert.Contains(listing, l => l.EndsWith(" bin/tool2 link to bin/tool", StringComparison.Ordinal) || l.EndsWith(" bin/tool link to bin/tool2", StringComparison.Ordinal));
        Assert.DoesNotContain(listing, l => l.Contains("old.txt", StringComparison.Ordinal) || l.Contains(".wh.", StringComparison.Ordinal));
        Assert.Equal("ID=kiln2\n", ExternalTools.Ok("tar", "-xOf", path, "etc/os-release"));
        Assert.Equal("new\n", ExternalTools.Ok("tar", "-xOf", path, "data/new.txt"));
    }

    [Theory]
    [InlineData("-")]
    [InlineData("type=tar")]
    [InlineData("type=tar,dest=-")]
    public async Task Tar_to_stdout(string output)
    {
        var (store, image) = await StoreWithImageAsync();
        var stdout = new MemoryStream();
        var result = await _exporter.ExportAsync(store, image, [], OutputSpec.Parse(output), () => stdout);
        Assert.Null(result.Path);

        stdout.Position = 0;
        var files = ImageOutputTests.ReadTar(stdout);
        foreach (var (path, content) in OutputTestImages.ExpectedFiles.Where(f => f.Key != "bin/tool2"))
        {
            Assert.Equal(content, System.Text.Encoding.UTF8.GetString(files[path]));
        }

        Assert.False(files.ContainsKey("data/old.txt"));
    }

    [Fact]
    public async Task Local_creates_the_directory_and_writes_the_filesystem_with_owners_links_and_modes()
    {
        var (store, image) = await StoreWithImageAsync();
        var destination = Out("deep/local");
        var result = await _exporter.ExportAsync(store, image, [], OutputSpec.Parse(destination), NoStdout);
        Assert.Equal(destination, result.Path);

        AssertImageFiles(destination);
        var tool = _fs.LStat(Path.Combine(destination, "bin/tool"));
        Assert.Equal(0b111_101_101, tool.Mode);
        Assert.Equal(Environment.IsPrivilegedProcess ? 1000u : (uint)GetUid(), tool.Uid);
        Assert.Equal(tool.Identity, _fs.LStat(Path.Combine(destination, "bin/tool2")).Identity);
        Assert.Equal(FileKind.Symlink, _fs.LStat(Path.Combine(destination, "bin/link")).Kind);
        Assert.Equal("tool", _fs.ReadLink(Path.Combine(destination, "bin/link")));
        Assert.Equal(UnixTimestamp.FromSeconds(1_700_000_000), _fs.LStat(Path.Combine(destination, "data/new.txt")).ModificationTime);
        Assert.False(File.Exists(Path.Combine(destination, "data/old.txt")));
    }

    [Fact]
    public async Task Local_without_ownership_gives_files_to_the_invoking_user_as_buildkit_does()
    {
        var (store, image) = await StoreWithImageAsync();
        var destination = Out("local-user");
        var exporter = new ImageExporter(new ImageExporterOptions { PreserveOwnership = false });
        await exporter.ExportAsync(store, image, [], OutputSpec.Parse($"type=local,dest={destination}"), NoStdout);

        AssertImageFiles(destination);
        Assert.Equal((uint)GetUid(), _fs.LStat(Path.Combine(destination, "bin/tool")).Uid);
    }

    [Fact]
    public async Task Local_merges_over_existing_content_and_replaces_symlinks_instead_of_following_them()
    {
        var (store, image) = await StoreWithImageAsync();
        var destination = Out("existing");
        var outside = Path.Combine(_dir.Path, "outside");
        Directory.CreateDirectory(outside);
        Directory.CreateDirectory(Path.Combine(destination, "etc"));
        File.WriteAllText(Path.Combine(destination, "etc/os-release"), "ID=before\n");
        File.WriteAllText(Path.Combine(destination, "etc/hostname"), "mine\n");
        File.WriteAllText(Path.Combine(destination, "extra.txt"), "stays\n");
        File.CreateSymbolicLink(Path.Combine(destination, "data"), outside); // the image has data/ as a directory
        File.WriteAllText(Path.Combine(destination, "bin"), "a file where the image has a directory\n");

        await _exporter.ExportAsync(store, image, [], OutputSpec.Parse($"type=local,dest={destination}"), NoStdout);

        AssertImageFiles(destination);
        Assert.Equal("stays\n", File.ReadAllText(Path.Combine(destination, "extra.txt")));
        Assert.Equal("mine\n", File.ReadAllText(Path.Combine(destination, "etc/hostname")));
        Assert.Equal(FileKind.Directory, _fs.LStat(Path.Combine(destination, "data")).Kind);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
    }

    [Fact]
    public async Task Local_delete_mode_leaves_exactly_the_image()
    {
        var (store, image) = await StoreWithImageAsync();
        var destination = Out("synced");
        Directory.CreateDirectory(Path.Combine(destination, "stale"));
        File.WriteAllText(Path.Combine(destination, "stale/file"), "x");
        File.WriteAllText(Path.Combine(destination, "extra.txt"), "x");

        await _exporter.ExportAsync(store, image, [], OutputSpec.Parse($"type=local,dest={destination},mode=delete"), NoStdout);

        AssertImageFiles(destination);
        Assert.Equal(["bin", "data", "etc"], Directory.EnumerateFileSystemEntries(destination).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Local_never_writes_outside_the_destination_through_links_in_the_image()
    {
        var outside = Path.Combine(_dir.Path, "victim");
        Directory.CreateDirectory(outside);
        var hostile = OutputTestImages.Tar(
            new TarEntry { Path = "escape", Type = TarEntryType.Symlink, LinkTarget = outside, Mode = 0b111_111_111 },
            new TarEntry { Path = "up", Type = TarEntryType.Symlink, LinkTarget = "../../../../../../../../" + outside.TrimStart('/'), Mode = 0b111_111_111 });
        var through = OutputTestImages.Tar(
            OutputTestImages.File("escape/pwned", "absolute\n"),
            OutputTestImages.File("up/pwned2", "relative\n"));
        var (store, image) = await StoreWithImageAsync(hostile, through);
        var destination = Out("contained");

        await _exporter.ExportAsync(store, image, [], OutputSpec.Parse(destination), NoStdout);

        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        var inside = Directory.EnumerateFiles(destination, "pwned*", SearchOption.AllDirectories).ToList();
        Assert.Equal(2, inside.Count);
        Assert.All(inside, p => Assert.StartsWith(destination + "/", p, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("type=local")]
    [InlineData("type=local,dest=-")]
    public void Local_needs_a_directory(string output)
    {
        var error = Assert.Throws<OutputException>(() => ImageExporter.EnsureSupported(OutputSpec.Parse(output)));
        Assert.Equal(OutputException.DestinationId, error.Id);
        Assert.Contains("the local output needs a directory", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("type=local,dest=/,mode=delete")]
    public void Local_refuses_the_filesystem_root(string output)
    {
        var error = Assert.Throws<OutputException>(() => ImageExporter.EnsureSupported(OutputSpec.Parse(output)));
        Assert.Contains("refusing to write the image's filesystem over /", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Local_onto_a_file_is_refused()
    {
        var (store, image) = await StoreWithImageAsync();
        var file = Out("a-file");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "x");
        var error = await Assert.ThrowsAsync<OutputException>(() => _exporter.ExportAsync(store, image, [], OutputSpec.Parse(file), NoStdout));
        Assert.Contains("is a file; the local output writes a directory", error.Message, StringComparison.Ordinal);
        Assert.Equal("x", File.ReadAllText(file));
    }

    private static void AssertImageFiles(string destination)
    {
        foreach (var (path, content) in OutputTestImages.ExpectedFiles)
        {
            Assert.Equal(content, File.ReadAllText(Path.Combine(destination, path)));
        }

        Assert.False(File.Exists(Path.Combine(destination, "data/old.txt")));
        Assert.False(File.Exists(Path.Combine(destination, "data/.wh.old.txt")));
    }

    private static int GetUid() => int.Parse(ExternalTools.Ok("id", "-u").Trim(), System.Globalization.CultureInfo.InvariantCulture);
}
