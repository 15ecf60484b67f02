using System.Text;
using Kiln.Oci;

namespace Kiln.Storage.Snapshots;

/// <summary>
/// Layer chain IDs (OCI image-spec config.md "Layer ChainID"): <c>ChainID(L0) = DiffID(L0)</c>,
/// <c>ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln))</c> over the digest strings. A chain ID names a layer
/// together with everything below it, so equal chain IDs mean identical unpacked stacks.
/// </summary>
public static class ChainId
{
    /// <summary>The chain ID of <paramref name="diffId"/> applied on top of <paramref name="parent"/>.</summary>
    public static Digest Next(Digest parent, Digest diffId) =>
        Digest.Compute(Encoding.UTF8.GetBytes(parent.ToString() + " " + diffId.ToString()));

    /// <summary>The chain ID of every layer prefix, bottom to top (same length as <paramref name="diffIds"/>).</summary>
    public static IReadOnlyList<Digest> Compute(IReadOnlyList<Digest> diffIds)
    {
        ArgumentNullException.ThrowIfNull(diffIds);
        var result = new Digest[diffIds.Count];
        for (var i = 0; i < diffIds.Count; i++)
        {
            result[i] = i == 0 ? diffIds[0] : Next(result[i - 1], diffIds[i]);
        }

        return result;
    }
}
