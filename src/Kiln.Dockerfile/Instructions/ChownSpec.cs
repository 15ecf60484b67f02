using System.Globalization;

namespace Kiln.Dockerfile.Instructions;

/// <summary>
/// A <c>--chown=&lt;user&gt;[:&lt;group&gt;]</c> value (DF-COPY-CHOWN): names or numeric ids; names are
/// resolved later against the destination rootfs.
/// </summary>
/// <param name="User">The user name or id (never empty).</param>
/// <param name="Group">The group name or id, or null when not given.</param>
public readonly record struct ChownSpec(string User, string? Group)
{
    /// <summary>The numeric user id, or null when <see cref="User"/> is a name.</summary>
    public uint? UserId => uint.TryParse(User, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>The numeric group id, or null when absent or a name.</summary>
    public uint? GroupId => Group is not null && uint.TryParse(Group, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>Parses <c>user[:group]</c>; returns false with an error message when malformed.</summary>
    public static bool TryParse(string value, out ChownSpec spec, out string? error)
    {
        ArgumentNullException.ThrowIfNull(value);
        spec = default;
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var user = colon >= 0 ? value[..colon] : value;
        var group = colon >= 0 ? value[(colon + 1)..] : null;
        if (user.Length == 0 || group is { Length: 0 } || (group is not null && group.Contains(':', StringComparison.Ordinal)))
        {
            error = $"invalid chown parameter {value}: expected <user>[:<group>]";
            return false;
        }

        spec = new ChownSpec(user, group);
        error = null;
        return true;
    }

    public override string ToString() => Group is null ? User : $"{User}:{Group}";
}
