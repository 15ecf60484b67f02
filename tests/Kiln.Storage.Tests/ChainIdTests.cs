using System.Security.Cryptography;
using System.Text;
using Kiln.Oci;
using Kiln.Storage.Snapshots;

namespace Kiln.Storage.Tests;

public sealed class ChainIdTests
{
    [Fact]
    public void MatchesTheSpecFormula()
    {
        var diffIds = new[] { Digest.Compute("a"u8), Digest.Compute("b"u8), Digest.Compute("c"u8) };
        var chain = ChainId.Compute(diffIds);
        Assert.Equal(diffIds[0], chain[0]);
        var expected1 = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(diffIds[0] + " " + diffIds[1])));
        Assert.Equal(expected1, chain[1].ToString());
        var expected2 = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(expected1 + " " + diffIds[2])));
        Assert.Equal(expected2, chain[2].ToString());
        Assert.Empty(ChainId.Compute([]));
    }

    [Fact]
    public void KnownVector()
    {
        // ChainID of two layers computed independently with: printf 'sha256:<a> sha256:<b>' | sha256sum
        var a = Digest.Parse("sha256:" + new string('a', 64));
        var b = Digest.Parse("sha256:" + new string('b', 64));
        var psi = new System.Diagnostics.ProcessStartInfo("bash", ["-c", $"printf '%s' '{a} {b}' | sha256sum"]) { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEnd().Split(' ')[0];
        process.WaitForExit();
        Assert.Equal("sha256:" + output, ChainId.Next(a, b).ToString());
    }
}
