using System.Globalization;

namespace Kiln.Build.Operations.Files;

/// <summary>
/// Resolves a <c>--chown=&lt;user&gt;[:&lt;group&gt;]</c> value to numeric ids the way BuildKit does
/// (DF-COPY-CHOWN, DF-ADD-CHOWN): a part that is a decimal number (or <c>root</c>) is an id; any other
/// part is a name looked up in <c>/etc/passwd</c> / <c>/etc/group</c> of the destination root (read
/// through its symlinks, inside the root). A user alone gives the group: the same number for a numeric
/// user, the user's primary group for a named one. A name that is not found, or a missing passwd/group
/// file, silently falls back (user: 0:0, group: the gid the user part gave), as BuildKit's
/// <c>readUser</c> does and as the real dockerd was seen doing (<c>--chown=nosuch</c> gives 0:0).
/// </summary>
public static class ChownResolver
{
    /// <summary>Resolves <paramref name="spec"/> against the account files under <paramref name="rootDirectory"/>.</summary>
    /// <param name="spec">The <c>--chown</c> value after variable expansion, e.g. <c>app</c>, <c>1000:1000</c>, <c>app:staff</c>.</param>
    /// <param name="rootDirectory">The destination stage's filesystem (its <c>/etc/passwd</c> and <c>/etc/group</c> are read).</param>
    public static Ownership Resolve(string spec, string rootDirectory)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(rootDirectory);
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var userPart = colon < 0 ? spec : spec[..colon];
        var groupPart = colon < 0 ? null : spec[(colon + 1)..];

        uint uid = 0;
        uint gid = 0;
        if (userPart.Length > 0)
        {
            if (TryParseId(userPart) is { } id)
            {
                uid = id;
                gid = id;
            }
            else if (FindUser(ReadLines(rootDirectory, "/etc/passwd"), userPart) is { } user)
            {
                (uid, gid) = (user.Uid, user.Gid);
            }
        }

        if (!string.IsNullOrEmpty(groupPart))
        {
            if (TryParseId(groupPart) is { } id)
            {
                gid = id;
            }
            else if (FindGroup(ReadLines(rootDirectory, "/etc/group"), groupPart) is { } group)
            {
                gid = group;
            }
        }

        return new Ownership(uid, gid);
    }

    /// <summary>
    /// The first passwd entry named <paramref name="name"/> (name:password:uid:gid:...); lines are trimmed,
    /// blank ones skipped, and an id that is not a number reads as 0, as in moby/sys/user.
    /// </summary>
    internal static Ownership? FindUser(IEnumerable<string> passwdLines, string name)
    {
        foreach (var line in passwdLines)
        {
            var fields = line.Trim().Split(':');
            if (fields[0].Length > 0 && string.Equals(fields[0], name, StringComparison.Ordinal))
            {
                return new Ownership(Field(fields, 2), Field(fields, 3));
            }
        }

        return null;
    }

    /// <summary>The gid of the first group entry named <paramref name="name"/> (name:password:gid:members).</summary>
    internal static uint? FindGroup(IEnumerable<string> groupLines, string name)
    {
        foreach (var line in groupLines)
        {
            var fields = line.Trim().Split(':');
            if (fields[0].Length > 0 && string.Equals(fields[0], name, StringComparison.Ordinal))
            {
                return Field(fields, 2);
            }
        }

        return null;
    }

    // BuildKit's llb parses ids with strconv.ParseUint(s, 10, 32) and maps "root" to 0 without a lookup.
    private static uint? TryParseId(string text) =>
        text == "root" ? 0
        : text.All(char.IsAsciiDigit) && uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id
        : null;

    private static uint Field(string[] fields, int index) =>
        index < fields.Length && uint.TryParse(fields[index].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private static IEnumerable<string> ReadLines(string rootDirectory, string path)
    {
        var file = RootedPath.Resolve(rootDirectory, path, followFinalSymlink: true);
        try
        {
            return File.Exists(file) ? File.ReadAllLines(file) : [];
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }
    }
}
