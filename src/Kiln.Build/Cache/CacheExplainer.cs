using System.Globalization;
using System.Text;
using Kiln.Oci;

namespace Kiln.Build.Cache;

/// <summary>
/// Words the difference between the key parts of a step's last build and its current ones for <c>--explain-cache</c>
/// (issue "Build cache": which part of the key changed: a base digest, an ARG, which file). Parts are matched by kind
/// and name; the kind picks the wording. Lines follow the current parts' order, then parts that went away.
/// </summary>
internal static class CacheExplainer
{
    public const string NoEarlierBuild = "no earlier build of this step";
    public const string Unchanged = "inputs unchanged since the last build of this step; its cached result is gone (pruned, or its layer is missing from the store)";

    /// <summary>File lines shown per file set before "and N more".</summary>
    public const int MaxFileLines = 10;

    private const int MaxValueLength = 60;
    private const int DigestPrefixLength = 12;

    public static IReadOnlyList<string> Explain(IReadOnlyList<CacheKeyPart>? previous, IReadOnlyList<CacheKeyPart> current)
    {
        if (previous is null)
        {
            return [NoEarlierBuild];
        }

        var before = new Dictionary<(CacheKeyPartKind, string), CacheKeyPart>();
        foreach (var part in previous)
        {
            before.TryAdd((part.Kind, part.Name), part);
        }

        var lines = new List<string>();
        var seen = new HashSet<(CacheKeyPartKind, string)>();
        foreach (var part in current)
        {
            if (seen.Add((part.Kind, part.Name)))
            {
                Describe(before.GetValueOrDefault((part.Kind, part.Name)), part, lines);
            }
        }

        foreach (var part in previous)
        {
            if (seen.Add((part.Kind, part.Name)))
            {
                Describe(part, null, lines);
            }
        }

        var distinct = lines.Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count == 0 ? [Unchanged] : distinct;
    }

    private static void Describe(CacheKeyPart? before, CacheKeyPart? after, List<string> lines)
    {
        if (before is not null && after is not null && string.Equals(before.Value, after.Value, StringComparison.Ordinal) && before.Digest == after.Digest)
        {
            return;
        }

        var part = after ?? before!;
        switch (part.Kind)
        {
            case CacheKeyPartKind.Parent:
                lines.Add("parent step changed");
                break;
            case CacheKeyPartKind.Instruction:
                lines.Add("instruction changed");
                break;
            case CacheKeyPartKind.Files:
                DescribeFiles(before, after, lines);
                break;
            case CacheKeyPartKind.BaseImage:
                lines.Add(Change("base image", before, after));
                break;
            case CacheKeyPartKind.Platform:
                lines.Add(Change("platform", before, after));
                break;
            case CacheKeyPartKind.BuildArg:
                lines.Add(Change("build arg " + part.Name, before, after));
                break;
            case CacheKeyPartKind.Environment:
                lines.Add(Change("env " + part.Name, before, after));
                break;
            default:
                lines.Add(Change(part.Name, before, after));
                break;
        }
    }

    private static void DescribeFiles(CacheKeyPart? before, CacheKeyPart? after, List<string> lines)
    {
        if ((before is not null && before.Files is null) || (after is not null && after.Files is null))
        {
            lines.Add($"files {(after ?? before)!.Name} changed");
            return;
        }

        var old = before?.Files ?? new Dictionary<string, Digest>();
        var now = after?.Files ?? new Dictionary<string, Digest>();
        var changes = new List<string>();
        foreach (var path in old.Keys.Union(now.Keys).Order(StringComparer.Ordinal))
        {
            var had = old.TryGetValue(path, out var was);
            var has = now.TryGetValue(path, out var @is);
            if (had && has)
            {
                if (was != @is)
                {
                    changes.Add($"file {path} changed");
                }
            }
            else
            {
                changes.Add($"file {path} {(has ? "added" : "removed")}");
            }
        }

        if (changes.Count == 0)
        {
            lines.Add($"files {(after ?? before)!.Name} changed");
            return;
        }

        var shown = changes.Count > MaxFileLines ? MaxFileLines - 1 : changes.Count;
        lines.AddRange(changes.Take(shown));
        if (shown < changes.Count)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"and {changes.Count - shown} more"));
        }
    }

    private static string Change(string subject, CacheKeyPart? before, CacheKeyPart? after)
    {
        if (before is null)
        {
            return $"{subject} added ({Show(after!, null)})";
        }

        if (after is null)
        {
            return $"{subject} removed (was {Show(before, null)})";
        }

        if (before.Digest is { } from && after.Digest is { } to)
        {
            return $"{subject} changed from {Short(from, to)} to {Short(to, from)}";
        }

        return $"{subject} changed ({Show(before, after)} -> {Show(after, before)})";
    }

    private static string Show(CacheKeyPart part, CacheKeyPart? other) => part switch
    {
        { Value: { } value } => Quote(value),
        { Digest: { } digest } => Short(digest, other?.Digest),
        _ => "none",
    };

    /// <summary>A digest cut to 12 hex characters (more when needed to tell it from <paramref name="other"/>) and an ellipsis.</summary>
    private static string Short(Digest digest, Digest? other)
    {
        var hex = digest.Encoded;
        var length = DigestPrefixLength;
        if (other is { } o && o.Algorithm == digest.Algorithm)
        {
            var common = 0;
            while (common < hex.Length && common < o.Encoded.Length && hex[common] == o.Encoded[common])
            {
                common++;
            }

            length = Math.Max(length, common + 4);
        }

        return length >= hex.Length ? digest.ToString() : $"{digest.Algorithm}:{hex[..length]}…";
    }

    private static string Quote(string value)
    {
        var builder = new StringBuilder("\"");
        var cut = value.Length > MaxValueLength && char.IsHighSurrogate(value[MaxValueLength - 1]) ? MaxValueLength - 1 : MaxValueLength;
        var text = value.Length > MaxValueLength ? value[..cut] : value;
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    if (char.IsControl(c))
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        if (text.Length < value.Length)
        {
            builder.Append('…');
        }

        return builder.Append('"').ToString();
    }
}
