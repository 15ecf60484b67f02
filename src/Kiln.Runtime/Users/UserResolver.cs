using System.Globalization;

namespace Kiln.Runtime.Users;

/// <summary>
/// Resolves a <c>USER user[:group]</c> value against an image's own <c>/etc/passwd</c> and <c>/etc/group</c> (DF-USER,
/// DF-RUN-USER-WD), as runc's libcontainer <c>GetExecUser</c> does for Docker and BuildKit: an empty value is root; a
/// name must exist in passwd (else an error); a number is the uid, taking the gid of the passwd entry with that uid or 0;
/// a group part (name or number) sets the primary group and is then the only supplementary one; without a group part the
/// user's memberships in <c>/etc/group</c> are the supplementary groups.
/// </summary>
public static class UserResolver
{
    public static ExecUser Resolve(string? spec, IEnumerable<string> passwdLines, IEnumerable<string> groupLines)
    {
        ArgumentNullException.ThrowIfNull(passwdLines);
        ArgumentNullException.ThrowIfNull(groupLines);
        if (string.IsNullOrEmpty(spec))
        {
            spec = "0";
        }

        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var userPart = colon < 0 ? spec : spec[..colon];
        var groupPart = colon < 0 ? null : spec[(colon + 1)..];
        var users = passwdLines.Select(l => l.Trim().Split(':')).Where(f => f.Length >= 4 && f[0].Length > 0).ToList();
        var groups = groupLines.Select(l => l.Trim().Split(':')).Where(f => f.Length >= 3 && f[0].Length > 0).ToList();

        uint uid = 0;
        uint gid = 0;
        string? name = null;
        var numericUser = Number(userPart);
        var entry = users.FirstOrDefault(f => f[0] == userPart) ?? (numericUser is { } n ? users.FirstOrDefault(f => Number(f[2]) == n) : null);
        if (entry is not null)
        {
            name = entry[0];
            uid = Number(entry[2]) ?? 0;
            gid = Number(entry[3]) ?? 0;
        }
        else if (numericUser is { } number)
        {
            uid = number;
        }
        else if (userPart.Length > 0)
        {
            throw new UserNotFoundException($"unable to find user {userPart}: no matching entries in passwd file");
        }

        if (!string.IsNullOrEmpty(groupPart))
        {
            var group = groups.FirstOrDefault(f => f[0] == groupPart);
            gid = group is not null
                ? Number(group[2]) ?? 0
                : Number(groupPart) ?? throw new UserNotFoundException($"unable to find group {groupPart}: no matching entries in group file");
            return new ExecUser(uid, gid, [gid]);
        }

        var supplementary = name is null
            ? []
            : groups.Where(f => f.Length >= 4 && f[3].Split(',').Contains(name, StringComparer.Ordinal))
                .Select(f => Number(f[2]))
                .OfType<uint>()
                .Distinct()
                .ToList();
        return new ExecUser(uid, gid, supplementary);
    }

    private static uint? Number(string text) =>
        text.Length > 0 && text.All(char.IsAsciiDigit) && uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
