using Kiln.Dockerfile.Diagnostics;

namespace Kiln.Dockerfile.Instructions;

/// <summary>
/// Parses and validates one <c>RUN --mount=…</c> value (DF-RUN-MOUNT, DF-RUN-MOUNT-BIND/CACHE/TMPFS/SECRET/SSH,
/// DF-RUN-MOUNT-VALIDATE): CSV fields, keys case-insensitive, <c>type</c> defaults to bind. With an
/// <see cref="IWordExpander"/> every value except <c>from</c> is expanded first (DF-VAR-FLAGS); without
/// one, values holding a variable are kept raw, left unvalidated and the mount is marked
/// <see cref="Mount.NeedsExpansion"/>. A variable in <c>from</c> is always an error.
/// </summary>
public static class MountParser
{
    private static readonly string[] AllKeys =
    [
        "type", "from", "source", "target", "readonly", "id", "sharing", "required", "mode", "uid", "gid",
        "src", "dst", "destination", "ro", "rw", "readwrite", "size", "env",
    ];

    private static readonly string[] TypeNames = ["bind", "cache", "tmpfs", "secret", "ssh"];

    private static readonly string[] SharingNames = ["shared", "private", "locked"];

    /// <summary>
    /// Parses <paramref name="value"/>; throws <see cref="DockerfileException"/> (KILN124x) located at
    /// <paramref name="range"/> in <paramref name="filePath"/> when invalid.
    /// </summary>
    public static Mount Parse(string value, IWordExpander? expander = null, string? filePath = null, SourceRange? range = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        DockerfileException Fail(string id, string message, string? suggestion = null) =>
            new(id, message + (suggestion is null ? string.Empty : $" ({suggestion})"), filePath, range, suggestion);

        var fields = CsvFields.Split(value, out var csvError)
            ?? throw Fail(InstructionErrorIds.MountSyntax, "failed to parse csv mounts: " + csvError);

        // Pass 1: split fields, check keys, expand values.
        var entries = new List<(string Key, string? Value, bool Deferred, string Field)>();
        foreach (var field in fields)
        {
            var eq = field.IndexOf('=', StringComparison.Ordinal);
            var key = (eq >= 0 ? field[..eq] : field).ToLowerInvariant();
            if (eq < 0)
            {
                if (key is "readonly" or "ro" or "readwrite" or "rw" or "required")
                {
                    entries.Add((key, null, false, field));
                    continue;
                }

                throw Fail(InstructionErrorIds.MountSyntax, $"invalid field '{field}' must be a key=value pair");
            }

            if (!AllKeys.Contains(key))
            {
                var match = Suggestions.Closest(key, AllKeys);
                throw Fail(InstructionErrorIds.MountKey, $"unexpected key '{key}' in '{field}'", match is null ? null : $"did you mean {match}?");
            }

            var raw = field[(eq + 1)..];
            if (key == "from")
            {
                if (HasVariable(raw))
                {
                    throw Fail(InstructionErrorIds.MountFromVariable, "'from' doesn't support variable expansion, define alias stage instead");
                }

                entries.Add((key, raw, false, field));
            }
            else if (expander is not null)
            {
                entries.Add((key, expander.ExpandWord(raw), false, field));
            }
            else
            {
                entries.Add((key, raw, raw.Contains('$', StringComparison.Ordinal), field));
            }
        }

        var needsExpansion = entries.Any(e => e.Deferred);

        // Pass 2: the type (the last type= wins), so option checks do not depend on field order.
        var type = MountType.Bind;
        var typeDeferred = false;
        foreach (var e in entries.Where(e => e.Key == "type"))
        {
            if (e.Deferred)
            {
                typeDeferred = true;
                continue;
            }

            var lower = e.Value!.ToLowerInvariant();
            var index = Array.IndexOf(TypeNames, lower);
            if (index < 0)
            {
                var match = Suggestions.Closest(e.Value!, TypeNames);
                throw Fail(InstructionErrorIds.MountType, $"unsupported mount type \"{e.Value}\"", match is null ? null : $"did you mean {match}?");
            }

            type = (MountType)index;
            typeDeferred = false;
        }

        if (typeDeferred)
        {
            return new BindMount { Raw = value, NeedsExpansion = true, ReadOnly = true };
        }

        var typeName = TypeNames[(int)type];
        string? from = null, source = null, target = null, id = null, env = null;
        bool? readOnly = null;
        var required = false;
        long? size = null;
        CacheSharing? sharing = null;
        uint? mode = null, uid = null, gid = null;
        var sourceGiven = false;

        // Pass 3: the options.
        foreach (var (key, v, deferred, _) in entries)
        {
            switch (key)
            {
                case "required" when type is not (MountType.Secret or MountType.Ssh):
                case "size" when type != MountType.Tmpfs:
                case "env" when type != MountType.Secret:
                    throw Fail(InstructionErrorIds.MountKey, $"unexpected key '{key}' for mount type '{typeName}'");
            }

            if (deferred)
            {
                if (key is "source" or "src")
                {
                    sourceGiven = true;
                }

                continue;
            }

            switch (key)
            {
                case "type":
                    break;
                case "from":
                    from = v;
                    break;
                case "source" or "src":
                    source = v;
                    sourceGiven = true;
                    break;
                case "target" or "dst" or "destination":
                    target = v;
                    break;
                case "readonly" or "ro":
                    readOnly = v is null ? true : GoValues.ParseBool(v) ?? throw Fail(InstructionErrorIds.MountValue, $"invalid value for {key}: {v}");
                    break;
                case "readwrite" or "rw":
                    readOnly = v is null ? false : !(GoValues.ParseBool(v) ?? throw Fail(InstructionErrorIds.MountValue, $"invalid value for {key}: {v}"));
                    break;
                case "required":
                    required = v is null || (GoValues.ParseBool(v) ?? throw Fail(InstructionErrorIds.MountValue, $"invalid value for {key}: {v}"));
                    break;
                case "size":
                    size = GoValues.ParseRamBytes(v!) ?? throw Fail(InstructionErrorIds.MountValue, $"invalid value for {key}: {v}");
                    break;
                case "id":
                    id = v;
                    break;
                case "env":
                    env = v;
                    break;
                case "sharing":
                    var s = Array.IndexOf(SharingNames, v!.ToLowerInvariant());
                    if (s < 0)
                    {
                        var match = Suggestions.Closest(v, SharingNames);
                        throw Fail(InstructionErrorIds.MountValue, $"unsupported sharing value \"{v}\"", match is null ? null : $"did you mean {match}?");
                    }

                    sharing = (CacheSharing)s;
                    break;
                case "mode":
                    mode = ParseUInt(v!, 8) ?? throw Fail(InstructionErrorIds.MountValue, $"invalid value {v} for mode");
                    break;
                case "uid":
                    uid = ParseUInt(v!, 10) ?? throw Fail(InstructionErrorIds.MountValue, $"invalid value {v} for uid");
                    break;
                default: // gid
                    gid = ParseUInt(v!, 10) ?? throw Fail(InstructionErrorIds.MountValue, $"invalid value {v} for gid");
                    break;
            }
        }

        var keys = entries.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        if (type is MountType.Bind or MountType.Tmpfs)
        {
            foreach (var k in new[] { "mode", "uid", "gid" })
            {
                if (keys.Contains(k))
                {
                    throw Fail(InstructionErrorIds.MountKey, $"{k} not allowed for \"{typeName}\" type mounts");
                }
            }
        }

        if (keys.Contains("sharing") && type != MountType.Cache)
        {
            throw Fail(
                InstructionErrorIds.MountKey,
                type == MountType.Secret ? "secret mount should not define sharing" : $"invalid cache sharing set for {typeName} mount");
        }

        var targetKeys = keys.Contains("target") || keys.Contains("dst") || keys.Contains("destination");
        if (!targetKeys && type is MountType.Bind or MountType.Cache or MountType.Tmpfs)
        {
            throw Fail(InstructionErrorIds.MountTarget, $"mount target is required for \"{typeName}\" type mounts");
        }

        if (target is not null && IsRoot(target))
        {
            throw Fail(InstructionErrorIds.MountTarget, $"invalid mount target \"{target}\"");
        }

        if (type == MountType.Secret)
        {
            if (keys.Contains("from"))
            {
                throw Fail(InstructionErrorIds.MountCombination, "secret mount should not have a from");
            }

            if (!sourceGiven && !targetKeys && !keys.Contains("id"))
            {
                throw Fail(InstructionErrorIds.MountCombination, "invalid secret mount. one of source, target required");
            }

            if (sourceGiven && keys.Contains("id"))
            {
                throw Fail(InstructionErrorIds.MountCombination, "both source and id can't be set");
            }
        }

        if (type == MountType.Ssh && sourceGiven)
        {
            throw Fail(InstructionErrorIds.MountKey, "source not allowed for \"ssh\" type mounts");
        }

        return type switch
        {
            MountType.Bind => new BindMount { Raw = value, NeedsExpansion = needsExpansion, Target = target, ReadOnly = readOnly ?? true, Source = source, From = from },
            MountType.Cache => new CacheMount
            {
                Raw = value, NeedsExpansion = needsExpansion, Target = target, ReadOnly = readOnly ?? false, Id = id, From = from, Source = source,
                Sharing = sharing ?? CacheSharing.Shared, Mode = mode ?? Convert.ToUInt32("755", 8), Uid = uid ?? 0, Gid = gid ?? 0,
            },
            MountType.Tmpfs => new TmpfsMount { Raw = value, NeedsExpansion = needsExpansion, Target = target, ReadOnly = readOnly ?? false, Size = size },
            MountType.Secret => new SecretMount
            {
                Raw = value, NeedsExpansion = needsExpansion, Target = target, ReadOnly = readOnly ?? true, Id = id ?? source, Env = env,
                Required = required, Mode = mode ?? Convert.ToUInt32("400", 8), Uid = uid ?? 0, Gid = gid ?? 0,
            },
            _ => new SshMount
            {
                Raw = value, NeedsExpansion = needsExpansion, Target = target, ReadOnly = readOnly ?? true, Id = id ?? "default",
                Required = required, Mode = mode ?? Convert.ToUInt32("600", 8), Uid = uid ?? 0, Gid = gid ?? 0,
            },
        };
    }

    /// <summary>True when <paramref name="value"/> contains <c>$</c> followed by any character (BuildKit's <c>\$.</c> test).</summary>
    internal static bool HasVariable(string value)
    {
        var i = value.IndexOf('$', StringComparison.Ordinal);
        return i >= 0 && i < value.Length - 1;
    }

    private static uint? ParseUInt(string value, int radix)
    {
        if (value.Length == 0)
        {
            return null;
        }

        ulong result = 0;
        foreach (var c in value)
        {
            var digit = c - '0';
            if (digit < 0 || digit >= radix)
            {
                return null;
            }

            result = (result * (ulong)radix) + (ulong)digit;
            if (result > uint.MaxValue)
            {
                return null;
            }
        }

        return (uint)result;
    }

    private static bool IsRoot(string path) =>
        path.StartsWith('/') && path.Split('/').All(segment => segment is "" or "." or "..");
}
