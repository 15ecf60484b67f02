using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Kiln.Oci;

namespace Kiln.Build.Context.Hashing;

/// <summary>
/// Hashes build-context inputs for cache keys (ARCHITECTURE decision 1, DF-COPY-CACHE, DF-CACHE-COPY-CONTENT).
/// A file's digest covers its type, permission bits (with setuid, setgid, sticky), uid, gid, size, symlink
/// target (links are hashed, never followed), device numbers, extended attributes (sorted by name, binary
/// values) and content SHA-256 — never mtime, atime, ctime or inode. A directory's digest is a Merkle node
/// over its own metadata and its children sorted by byte-wise name. Every digest input starts with
/// <see cref="SchemaTag"/> so the format can change. File contents come through an optional
/// <see cref="StatCache"/> so unchanged files are not re-read. Thread-safe.
/// </summary>
public sealed class ContentHasher
{
    /// <summary>The schema tag that starts every digest input; bump it whenever the encoding changes.</summary>
    public const string SchemaTag = "kiln-content-v1";

    private const int MaxReadAttempts = 3;

    private readonly IContextFileSystem fileSystem;
    private readonly StatCache? statCache;
    private readonly ContentHashOptions options;
    private readonly TimeProvider timeProvider;
    private long contentReads;
    private long bytesRead;

    /// <param name="fileSystem">The file-system calls to use; null for <see cref="LinuxContextFileSystem"/>.</param>
    /// <param name="statCache">The stat cache that lets unchanged files skip reading; null to always read.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="timeProvider">The clock used for the stat cache's racy-timestamp guard; null for the system clock.</param>
    public ContentHasher(IContextFileSystem? fileSystem = null, StatCache? statCache = null, ContentHashOptions? options = null, TimeProvider? timeProvider = null)
    {
        this.fileSystem = fileSystem ?? new LinuxContextFileSystem();
        this.statCache = statCache;
        this.options = options ?? new ContentHashOptions();
        this.timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Files whose content this hasher read (stat cache misses and uncached hashes).</summary>
    public long ContentReads => Interlocked.Read(ref contentReads);

    /// <summary>Content bytes this hasher read.</summary>
    public long BytesRead => Interlocked.Read(ref bytesRead);

    /// <summary>
    /// The digest of one path: a non-directory as itself (a symlink as a link), a directory as the Merkle
    /// node over its whole unfiltered subtree.
    /// </summary>
    /// <exception cref="FileNotFoundException">The path does not exist.</exception>
    public Digest HashPath(string path, CancellationToken cancellationToken = default)
    {
        var full = Path.GetFullPath(path);
        var metadata = fileSystem.LStat(full) ?? throw new FileNotFoundException($"{full}: no such file or directory", full);
        if (metadata.Kind == FileNodeKind.Directory)
        {
            return HashSelection(new ContextWalker(full), cancellationToken).Root;
        }

        using var writer = new DigestInputWriter();
        return Digest.FromHash(Digest.Sha256, HashLeaf(writer, full, metadata));
    }

    /// <summary>The plain SHA-256 of a regular file's content (through the stat cache).</summary>
    /// <exception cref="FileNotFoundException">The path does not exist.</exception>
    /// <exception cref="IOException">The path is not a regular file.</exception>
    public Digest HashContent(string path)
    {
        var full = Path.GetFullPath(path);
        var metadata = fileSystem.LStat(full) ?? throw new FileNotFoundException($"{full}: no such file or directory", full);
        if (metadata.Kind != FileNodeKind.Regular)
        {
            throw new IOException($"{full}: not a regular file ({metadata.Kind})");
        }

        var (_, sha, _) = ContentSha256(full, metadata, withExtendedAttributes: false);
        return Digest.FromHash(Digest.Sha256, sha);
    }

    /// <summary>
    /// Hashes the selection of <paramref name="rootDirectory"/> that <paramref name="filters"/> let through
    /// (e.g. the <c>.dockerignore</c> layer and the COPY sources as include patterns), reading only what the
    /// selection needs.
    /// </summary>
    public SelectionDigest HashSelection(string rootDirectory, IEnumerable<ContextFilter>? filters, CancellationToken cancellationToken = default) =>
        HashSelection(new ContextWalker(rootDirectory, filters), cancellationToken);

    /// <summary>Hashes everything <paramref name="walker"/> reports, as one Merkle tree rooted at its root directory.</summary>
    public SelectionDigest HashSelection(ContextWalker walker, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(walker);
        var paths = new Dictionary<string, Digest>(StringComparer.Ordinal);
        var files = 0;
        using var writer = new DigestInputWriter();
        var root = walker.RootDirectory;
        var rootMetadata = fileSystem.LStat(root) ?? throw new DirectoryNotFoundException($"build context directory not found: {root}");
        if (rootMetadata.Kind == FileNodeKind.Symlink)
        {
            // The walker accepts a symlink as the root; its target directory's metadata is the root's.
            var target = Directory.ResolveLinkTarget(root, returnFinalTarget: true)?.FullName ?? root;
            rootMetadata = fileSystem.LStat(target) ?? rootMetadata;
        }

        var frames = new Stack<DirectoryFrame>();
        frames.Push(new DirectoryFrame(string.Empty, root, rootMetadata));
        foreach (var entry in ReadAhead.Of(walker.Walk(cancellationToken), cancellationToken: cancellationToken))
        {
            var slash = entry.Path.LastIndexOf('/');
            var parent = slash < 0 ? string.Empty : entry.Path[..slash];
            while (frames.Peek().Path != parent)
            {
                if (frames.Count == 1)
                {
                    throw new InvalidOperationException($"walk order broken at {entry.Path}");
                }

                CloseDirectory(writer, frames, paths);
            }

            var metadata = fileSystem.LStat(entry);
            if (metadata is not { } m)
            {
                // Removed while walking: it is simply not part of the selection.
                continue;
            }

            if (m.Kind == FileNodeKind.Directory)
            {
                frames.Push(new DirectoryFrame(entry.Path, entry.FullPath, m));
                continue;
            }

            var hash = HashLeaf(writer, entry.FullPath, m);
            var name = slash < 0 ? entry.Path : entry.Path[(slash + 1)..];
            frames.Peek().Children.Add(new(Encoding.UTF8.GetBytes(name), hash));
            paths[entry.Path] = Digest.FromHash(Digest.Sha256, hash);
            files++;
        }

        while (frames.Count > 1)
        {
            CloseDirectory(writer, frames, paths);
        }

        var rootFrame = frames.Pop();
        var rootDigest = Digest.FromHash(Digest.Sha256, HashDirectory(writer, rootFrame));
        paths["."] = rootDigest;
        return new SelectionDigest(rootDigest, paths, files);
    }

    private void CloseDirectory(DigestInputWriter writer, Stack<DirectoryFrame> frames, Dictionary<string, Digest> paths)
    {
        var frame = frames.Pop();
        var hash = HashDirectory(writer, frame);
        var slash = frame.Path.LastIndexOf('/');
        var name = slash < 0 ? frame.Path : frame.Path[(slash + 1)..];
        frames.Peek().Children.Add(new(Encoding.UTF8.GetBytes(name), hash));
        paths[frame.Path] = Digest.FromHash(Digest.Sha256, hash);
    }

    private byte[] HashDirectory(DigestInputWriter writer, DirectoryFrame frame)
    {
        var xattrs = ReadExtendedAttributes(frame.FullPath, out _);
        var children = frame.Children;
        children.Sort(static (a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key));
        WriteHeader(writer, frame.Metadata, xattrs);
        writer.UInt32((uint)children.Count);
        foreach (var (name, hash) in children)
        {
            writer.Bytes(name);
            writer.Raw(hash);
        }

        return writer.Finish();
    }

    private byte[] HashLeaf(DigestInputWriter writer, string fullPath, FileMetadata metadata)
    {
        List<ExtendedAttribute> xattrs;
        byte[]? payload = null;
        if (metadata.Kind == FileNodeKind.Regular)
        {
            (metadata, payload, var read) = ContentSha256(fullPath, metadata, withExtendedAttributes: true);
            xattrs = read!;
        }
        else
        {
            xattrs = ReadExtendedAttributes(fullPath, out _);
            if (metadata.Kind == FileNodeKind.Symlink)
            {
                payload = fileSystem.ReadLink(fullPath);
            }
        }

        WriteHeader(writer, metadata, xattrs);
        switch (metadata.Kind)
        {
            case FileNodeKind.Regular:
                writer.UInt64((ulong)metadata.Size);
                writer.Raw(payload);
                break;
            case FileNodeKind.Symlink:
                writer.Bytes(payload);
                break;
            case FileNodeKind.CharacterDevice or FileNodeKind.BlockDevice:
                writer.UInt32(metadata.RDevMajor);
                writer.UInt32(metadata.RDevMinor);
                break;
        }

        return writer.Finish();
    }

    private static void WriteHeader(DigestInputWriter writer, FileMetadata metadata, List<ExtendedAttribute> xattrs)
    {
        writer.Begin(metadata.Kind);
        writer.UInt32(metadata.Mode & 0xFFF);
        writer.UInt32(metadata.Uid);
        writer.UInt32(metadata.Gid);
        writer.UInt32((uint)xattrs.Count);
        foreach (var xattr in xattrs)
        {
            writer.Bytes(Encoding.UTF8.GetBytes(xattr.Name));
            writer.Bytes(xattr.Value);
        }
    }

    private List<ExtendedAttribute> ReadExtendedAttributes(string fullPath, out bool none)
    {
        var all = fileSystem.ListExtendedAttributes(fullPath);
        none = all.Count == 0;
        var kept = new List<ExtendedAttribute>(all.Count);
        foreach (var xattr in all)
        {
            if (!options.IgnoredExtendedAttributes.Contains(xattr.Name))
            {
                kept.Add(xattr);
            }
        }

        if (kept.Count > 1)
        {
            kept.Sort(static (a, b) => Encoding.UTF8.GetBytes(a.Name).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b.Name)));
        }

        return kept;
    }

    // Returns the metadata the content was read under (re-read if the file changed while being hashed) and,
    // when asked, the extended attributes read under the same metadata. A stat cache hit that proves the file
    // has none (setting one moves the ctime) skips listing them.
    private (FileMetadata Metadata, byte[] Sha256, List<ExtendedAttribute>? Xattrs) ContentSha256(
        string fullPath, FileMetadata metadata, bool withExtendedAttributes)
    {
        var sha = new byte[SHA256.HashSizeInBytes];
        if (statCache is not null && statCache.TryGet(fullPath, metadata, sha, out var noXattrs))
        {
            var cached = !withExtendedAttributes ? null : noXattrs ? [] : ReadExtendedAttributes(fullPath, out _);
            return (metadata, sha, cached);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(4096, options.ReadBufferSize));
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                // The stat cache may record this digest only if the file's stamps predate the read by the racy
                // window. A file edited a moment ago (the usual edit-then-build) is worth a short wait: its
                // digest is then recorded on this build instead of being re-read by the next one.
                var readStarted = timeProvider.GetUtcNow();
                if (statCache is not null && statCache.RacyWait(metadata, readStarted) is var wait
                    && wait > TimeSpan.Zero && wait <= statCache.Options.MaxRacyWait)
                {
                    // Whole milliseconds, rounded up: Thread.Sleep truncates.
                    Thread.Sleep((int)Math.Ceiling(wait.TotalMilliseconds));
                    readStarted = timeProvider.GetUtcNow();
                }

                List<ExtendedAttribute>? xattrs = null;
                var none = false;
                if (withExtendedAttributes)
                {
                    xattrs = ReadExtendedAttributes(fullPath, out none);
                }

                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                long total = 0;
                using (var stream = fileSystem.OpenRead(fullPath))
                {
                    Interlocked.Increment(ref contentReads);
                    int read;
                    while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        hash.AppendData(buffer, 0, read);
                        total += read;
                    }
                }

                Interlocked.Add(ref bytesRead, total);
                hash.GetHashAndReset(sha);
                var after = fileSystem.LStat(fullPath) ?? throw new FileNotFoundException($"{fullPath}: removed while being hashed", fullPath);
                if (after == metadata && total == metadata.Size)
                {
                    statCache?.Store(fullPath, metadata, sha, readStarted, noExtendedAttributes: withExtendedAttributes && none);
                    return (metadata, sha, xattrs);
                }

                if (attempt == MaxReadAttempts || after.Kind != FileNodeKind.Regular)
                {
                    throw new IOException($"{fullPath}: the file kept changing while it was being hashed; stop writing to the build context during the build");
                }

                metadata = after;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
