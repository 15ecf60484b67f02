using System.Collections.ObjectModel;
using Kiln.Oci;

namespace Kiln.Build.Cache;

/// <summary>
/// Builds the <see cref="CacheKey"/> of one build step from its inputs (ARCHITECTURE.md decision 1; DF-CACHE-LOCAL,
/// DF-CACHE-ARGS, DF-CACHE-COPY-CONTENT, DF-RUN-CACHE, DF-COPY-CACHE): the parent key, the expanded instruction, build
/// args, environment, platform, base image digest, digests of input files. Only content goes in, never a timestamp:
/// files enter as content digests (which cover path, type, mode, owner, size, link target, xattrs and bytes, but not
/// mtime). Every input is also kept as a <see cref="CacheKeyPart"/> for <c>--explain-cache</c>.
/// <para>
/// The key is the SHA-256 of this encoding (schema <see cref="Schema"/>; any change to it must change the schema string):
/// <code>
/// key   = SHA-256( S("kiln-cache-v1") S(operation) N(part count) part* )
/// part  = S(kind token) S(name) T(tag) payload
///         tag 0 no value (a parent part without parent), no payload
///         tag 1 text        payload S(value)
///         tag 2 digest      payload S("sha256:…")
///         tag 3 file set    payload S(files digest)
/// files = SHA-256( S("kiln-cache-v1/files") N(file count) ( S(path) S(digest) )* ), paths in ordinal (UTF-16) order
/// S(x)  = N(UTF-8 byte length of x) followed by those bytes (strict UTF-8; lone surrogates are rejected)
/// N(n)  = n as 4-byte unsigned big-endian;  T(t) = one byte
/// </code>
/// Kind tokens are listed on <see cref="CacheKeyPartKind"/>. Parts are hashed in the order they were added, so order
/// matters; a name may appear once per kind. Length prefixes make the encoding unambiguous (<c>"ab","c"</c> and
/// <c>"a","bc"</c> differ).
/// </para>
/// </summary>
public sealed class CacheKeyBuilder
{
    /// <summary>The encoding's version; part of every key, so a new encoding never reuses an old key.</summary>
    public const string Schema = "kiln-cache-v1";

    /// <summary>The name of the part <see cref="AddParent"/> adds.</summary>
    public const string ParentPartName = "parent";

    private const byte NoValueTag = 0;
    private const byte TextTag = 1;
    private const byte DigestTag = 2;
    private const byte FilesTag = 3;

    private readonly List<CacheKeyPart> _parts = [];
    private readonly HashSet<(CacheKeyPartKind, string)> _names = [];

    /// <summary>Starts a key for <paramref name="operation"/> (e.g. <c>run</c>, <c>copy</c>, <c>from</c>).</summary>
    public CacheKeyBuilder(string operation)
    {
        ArgumentException.ThrowIfNullOrEmpty(operation);
        Operation = operation;
    }

    /// <summary>The operation this key is for.</summary>
    public string Operation { get; }

    /// <summary>The inputs added so far, in order.</summary>
    public IReadOnlyList<CacheKeyPart> Parts => _parts;

    /// <summary>Adds a text input.</summary>
    /// <exception cref="ArgumentException">The name is empty or already used for this kind, or the kind needs its own method.</exception>
    public CacheKeyBuilder Add(string name, string value, CacheKeyPartKind kind = CacheKeyPartKind.Setting)
    {
        ArgumentNullException.ThrowIfNull(value);
        RequireValueKind(kind);
        return Append(new CacheKeyPart(name, kind, value, null));
    }

    /// <summary>Adds a digest input (a base image, the content of a remote source).</summary>
    /// <exception cref="ArgumentException">The name is empty or already used for this kind, the digest is empty, or the kind needs its own method.</exception>
    public CacheKeyBuilder Add(string name, Digest digest, CacheKeyPartKind kind = CacheKeyPartKind.Setting)
    {
        RequireDigest(digest, nameof(digest));
        RequireValueKind(kind);
        return Append(new CacheKeyPart(name, kind, null, digest));
    }

    /// <summary>Adds the key of the step this one builds on; <c>null</c> for a step on an empty filesystem.</summary>
    public CacheKeyBuilder AddParent(CacheKey? parent)
    {
        if (parent is { } key)
        {
            RequireDigest(key.Digest, nameof(parent));
        }

        return Append(new CacheKeyPart(ParentPartName, CacheKeyPartKind.Parent, null, parent?.Digest));
    }

    /// <summary>
    /// Adds a set of input files by their content digests (path to digest). The key takes one digest over the set
    /// (see the type's summary); the per-file digests are kept in the part for explanations.
    /// </summary>
    public CacheKeyBuilder AddFiles(string name, IReadOnlyDictionary<string, Digest> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var sorted = new SortedDictionary<string, Digest>(StringComparer.Ordinal);
        foreach (var (path, digest) in files)
        {
            ArgumentNullException.ThrowIfNull(path, nameof(files));
            RequireDigest(digest, nameof(files));
            sorted.Add(path, digest);
        }

        return Append(new CacheKeyPart(name, CacheKeyPartKind.Files, null, FilesDigest(sorted), new ReadOnlyDictionary<string, Digest>(sorted)));
    }

    /// <summary>The key over the operation and every part added so far.</summary>
    public CacheKey Build()
    {
        using var encoder = new CanonicalEncoder();
        encoder.WriteString(Schema);
        encoder.WriteString(Operation);
        encoder.WriteCount(_parts.Count);
        foreach (var part in _parts)
        {
            encoder.WriteString(KindToken(part.Kind));
            encoder.WriteString(part.Name);
            if (part.Value is { } value)
            {
                encoder.WriteTag(TextTag);
                encoder.WriteString(value);
            }
            else if (part.Digest is { } digest)
            {
                encoder.WriteTag(part.Kind == CacheKeyPartKind.Files ? FilesTag : DigestTag);
                encoder.WriteString(digest.ToString());
            }
            else
            {
                encoder.WriteTag(NoValueTag);
            }
        }

        return new CacheKey(encoder.Finish());
    }

    /// <summary>The stable token of a kind in the encoding.</summary>
    internal static string KindToken(CacheKeyPartKind kind) => kind switch
    {
        CacheKeyPartKind.Setting => "setting",
        CacheKeyPartKind.Instruction => "instruction",
        CacheKeyPartKind.Parent => "parent",
        CacheKeyPartKind.BaseImage => "base-image",
        CacheKeyPartKind.Platform => "platform",
        CacheKeyPartKind.BuildArg => "build-arg",
        CacheKeyPartKind.Environment => "env",
        CacheKeyPartKind.Files => "files",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown cache key part kind"),
    };

    /// <summary>The digest over a file set that enters the key (see the type's summary).</summary>
    internal static Digest FilesDigest(IReadOnlyDictionary<string, Digest> files) =>
        files is SortedDictionary<string, Digest> sorted && sorted.Comparer == StringComparer.Ordinal
            ? FilesDigestInOrder(sorted, sorted.Count)
            : FilesDigestInOrder(files.OrderBy(f => f.Key, StringComparer.Ordinal), files.Count);

    // files: already in ordinal order of their paths.
    private static Digest FilesDigestInOrder(IEnumerable<KeyValuePair<string, Digest>> files, int count)
    {
        using var encoder = new CanonicalEncoder();
        encoder.WriteString(Schema + "/files");
        encoder.WriteCount(count);
        foreach (var (path, digest) in files)
        {
            encoder.WriteString(path);
            encoder.WriteString(digest.ToString());
        }

        return encoder.Finish();
    }

    private CacheKeyBuilder Append(CacheKeyPart part)
    {
        ArgumentException.ThrowIfNullOrEmpty(part.Name, "name");
        _ = KindToken(part.Kind);
        if (!_names.Add((part.Kind, part.Name)))
        {
            throw new ArgumentException($"the cache key already has a {KindToken(part.Kind)} part named \"{part.Name}\"; part names are unique per kind", "name");
        }

        _parts.Add(part);
        return this;
    }

    private static void RequireValueKind(CacheKeyPartKind kind)
    {
        if (kind is CacheKeyPartKind.Parent or CacheKeyPartKind.Files)
        {
            throw new ArgumentException($"add {KindToken(kind)} parts with {(kind == CacheKeyPartKind.Parent ? nameof(AddParent) : nameof(AddFiles))}", nameof(kind));
        }
    }

    private static void RequireDigest(Digest digest, string parameter)
    {
        if (digest.IsEmpty)
        {
            throw new ArgumentException("a cache key input digest is empty", parameter);
        }
    }
}
