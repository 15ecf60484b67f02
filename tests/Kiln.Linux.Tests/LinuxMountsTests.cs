using Kiln.Testing;

namespace Kiln.Linux.Tests;

/// <summary>
/// Real overlay mounts (the suite runs as root): a chain of 300 lower layers with long absolute paths, far past what
/// mount(2)'s one-page option string holds, mounts through the new mount API with the top layer winning, whiteouts and
/// writes landing in the upper dir.
/// </summary>
public sealed class LinuxMountsTests : IDisposable
{
    private readonly TempDirectory _temp = new("kiln-mounts");
    private readonly LinuxMounts _mounts = new();
    private readonly LinuxFileSystem _fs = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void DeepChainsMountThroughTheNewMountApi()
    {
        var lowers = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            // Paths as long as the store's snapshot paths (a 64-hex chain id each).
            var layer = Path.Combine(_temp.Path, "snapshots", $"{i:D4}" + new string('a', 60));
            Directory.CreateDirectory(layer);
            File.WriteAllText(Path.Combine(layer, "layer.txt"), i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            File.WriteAllText(Path.Combine(layer, $"only-{i}.txt"), "x");
            lowers.Add(layer);
        }

        _fs.MakeNode(Path.Combine(lowers[^1], "only-0.txt"), FileKind.CharacterDevice, 0, 0, 0); // a whiteout in the top layer
        var upper = Path.Combine(_temp.Path, "upper");
        var work = Path.Combine(_temp.Path, "work");
        var merged = Path.Combine(_temp.Path, "merged");
        Directory.CreateDirectory(upper);
        Directory.CreateDirectory(work);
        Directory.CreateDirectory(merged);
        var topFirst = Enumerable.Reverse(lowers).ToList();
        Assert.True(string.Join(':', topFirst).Length > LinuxMounts.MaxOptionsLength, "the chain must overflow mount(2)'s option page");

        _mounts.MountOverlay(merged, topFirst, upper, work);
        try
        {
            Assert.Equal("299", File.ReadAllText(Path.Combine(merged, "layer.txt")));
            Assert.True(File.Exists(Path.Combine(merged, "only-150.txt")));
            Assert.False(File.Exists(Path.Combine(merged, "only-0.txt")), "the whiteout hides the bottom layer's file");
            File.WriteAllText(Path.Combine(merged, "new.txt"), "written");
        }
        finally
        {
            _mounts.Unmount(merged);
        }

        Assert.Equal("written", File.ReadAllText(Path.Combine(upper, "new.txt")));
    }
}
