using System.Globalization;

namespace Kiln.Build.Operations.Files;

/// <summary>A numeric owner for copied entries (DF-COPY-CHOWN): what <c>--chown</c> resolves to.</summary>
public readonly record struct Ownership(uint Uid, uint Gid)
{
    /// <summary>0:0, the owner of everything COPY writes when no <c>--chown</c> is given (build context sources).</summary>
    public static Ownership Root => default;

    public override string ToString() =>
        Uid.ToString(CultureInfo.InvariantCulture) + ":" + Gid.ToString(CultureInfo.InvariantCulture);
}
