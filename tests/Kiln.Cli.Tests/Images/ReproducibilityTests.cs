using System.Security.Cryptography;
using System.Text.Json;
using Kiln.Testing;
using static Kiln.Cli.Tests.Images.ImageInteropTestsSupport;

namespace Kiln.Cli.Tests.Images;

/// <summary>
/// Issue #3 reproducibility, across processes: the same tree packed by separate <c>kiln</c> processes into
/// separate stores gives byte-identical layers, image IDs and archives.
/// </summary>
public sealed class ReproducibilityTests
{
    [Fact]
    public void Two_processes_pack_the_same_tree_into_identical_layers_and_archives()
    {
        using var temp = new TempDirectory("kiln-repro");
        var rootfs = Path.Combine(temp.Path, "rootfs.tar");
        MakeBusyboxRootfs(rootfs);
        var storeA = Path.Combine(temp.Path, "a");
        var storeB = Path.Combine(temp.Path, "b");
        const string Created = "SOURCE_DATE_EPOCH";

        // import re-packs the rootfs with Kiln's own tar writer and gzip into a layer; export re-packs the
        // extracted filesystem; save writes the archive. Each runs in its own process.
        var environment = new Dictionary<string, string> { [Created] = "1700000000" };
        var idA = Ok(KilnWith(storeA, environment, "import", rootfs, "repro/bb:1"), "import a").Stdout.Trim();
        var idB = Ok(KilnWith(storeB, environment, "import", rootfs, "repro/bb:1"), "import b").Stdout.Trim();
        var layersA = Layers(storeA);
        var layersB = Layers(storeB);

        Ok(RunKiln(storeA, "export", "-o", Path.Combine(temp.Path, "a-export.tar"), "repro/bb:1"), "export a");
        Ok(RunKiln(storeB, "export", "-o", Path.Combine(temp.Path, "b-export.tar"), "repro/bb:1"), "export b");
        Ok(RunKiln(storeA, "save", "-o", Path.Combine(temp.Path, "a-save.tar"), "repro/bb:1"), "save a");
        Ok(RunKiln(storeB, "save", "-o", Path.Combine(temp.Path, "b-save.tar"), "repro/bb:1"), "save b");

        Assert.NotEmpty(layersA);
        Assert.Equal(layersA, layersB);
        Assert.Equal(idA, idB);
        Assert.Equal(Sha256(Path.Combine(temp.Path, "a-export.tar")), Sha256(Path.Combine(temp.Path, "b-export.tar")));
        Assert.Equal(Sha256(Path.Combine(temp.Path, "a-save.tar")), Sha256(Path.Combine(temp.Path, "b-save.tar")));
    }

    private static List<string> Layers(string store)
    {
        var inspect = Ok(RunKiln(store, "inspect", "repro/bb:1"), "inspect").Stdout;
        using var doc = JsonDocument.Parse(inspect);
        return doc.RootElement[0].GetProperty("RootFS").GetProperty("Layers").EnumerateArray().Select(e => e.GetString()!).ToList();
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }
}
