using Kiln.Linux;

namespace Kiln.Build.Operations.Sources;

/// <summary>
/// Fetches a git <c>ADD</c> source with the <c>git</c> program (DF-ADD-GIT, DF-ADD-GIT-REF, DF-ADD-KEEP-GIT-DIR,
/// DF-ADD-CHECKSUM): a fresh repository in the work directory, a shallow fetch of just the ref (branch, tag,
/// <c>refs/…</c> or full commit SHA; the remote's HEAD when none), falling back to fetching all branches and tags
/// when the server cannot serve that (a short SHA, a commit it will not hand out by id), a detached checkout,
/// submodules unless <c>submodules=false</c>. The checksum must be a prefix of the commit's SHA (or of an annotated
/// tag's). Then, as BuildKit gives git sources: <c>.git</c> removed unless kept, directories 0755, files 0644 or
/// 0755 (any execute bit), symlinks as they are, and with <c>mtime=commit</c> every mtime set to the commit time.
/// </summary>
public sealed class GitSourceFetcher
{
    private const int DirectoryMode = 0b111_101_101;
    private const int ExecutableMode = 0b111_101_101;
    private const int FileMode = 0b110_100_100;
    private const int MaxSymlinkHops = 40;

    private readonly GitCli _git;
    private readonly LinuxFileSystem _fs = new();

    /// <summary>Uses <c>git</c> from PATH.</summary>
    public GitSourceFetcher()
        : this("git")
    {
    }

    /// <summary>Uses the git program at <paramref name="gitPath"/>.</summary>
    public GitSourceFetcher(string gitPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(gitPath);
        _git = new GitCli(gitPath);
    }

    /// <summary>
    /// Checks <paramref name="source"/> out into <paramref name="workDirectory"/> (created; must be empty).
    /// </summary>
    /// <param name="source">The parsed URL.</param>
    /// <param name="keepGitDir"><c>--keep-git-dir</c>; the URL's <c>keep-git-dir=true</c> also keeps it (use <see cref="GitSource.ResolveKeepGitDir"/> to reject conflicts).</param>
    /// <param name="checksum"><c>--checksum</c>: a commit SHA or prefix; must agree with the URL's <c>checksum=</c>.</param>
    /// <param name="workDirectory">Where the repository is checked out.</param>
    /// <param name="cancellationToken">Kills a running git.</param>
    /// <exception cref="SourceException">git failed, the ref does not exist, the checksum differs or the subdirectory is unusable.</exception>
    public async Task<FetchedTree> FetchAsync(GitSource source, bool keepGitDir, string? checksum, string workDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(workDirectory);
        var expected = source.ResolveChecksum(checksum);
        var keep = keepGitDir || source.KeepGitDir == true;
        var root = Path.GetFullPath(workDirectory).TrimEnd('/');
        Directory.CreateDirectory(root);
        if (Directory.EnumerateFileSystemEntries(root).Any())
        {
            throw new IOException($"git work directory '{root}' is not empty");
        }

        await RunAsync(source, root, ["init", "-q", root], cancellationToken).ConfigureAwait(false);
        await RunAsync(source, root, ["remote", "add", "origin", source.Remote], cancellationToken).ConfigureAwait(false);

        var (commit, objectSha) = await FetchCommitAsync(source, root, expected, cancellationToken).ConfigureAwait(false);
        if (expected is not null
            && !commit.StartsWith(expected, StringComparison.Ordinal)
            && !objectSha.StartsWith(expected, StringComparison.Ordinal))
        {
            throw new SourceException(
                SourceException.GitChecksumMismatch,
                source.Display,
                $"git source {source.Display}: commit {commit} does not match the expected checksum {expected}; the ref moved or the checksum is wrong");
        }

        await RunAsync(source, root, ["-c", "advice.detachedHead=false", "checkout", "-q", "--detach", commit], cancellationToken).ConfigureAwait(false);
        if (source.Submodules != false && File.Exists(Path.Combine(root, ".gitmodules")))
        {
            await RunAsync(source, root, ["submodule", "update", "-q", "--init", "--recursive", "--depth=1"], cancellationToken).ConfigureAwait(false);
        }

        if (!keep)
        {
            RemoveGitEntries(root);
        }

        Normalise(root, isRoot: true);
        if (source.MTime == "commit")
        {
            var time = await RunAsync(source, root, ["show", "-s", "--format=%ct", commit], cancellationToken).ConfigureAwait(false);
            var stamp = UnixTimestamp.FromSeconds(long.Parse(time.StandardOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture));
            Stamp(root, stamp, skipGitDir: true);
        }

        var directory = source.Subdir is null ? root : ResolveSubdir(source, root, source.Subdir);
        return new FetchedTree(directory, commit);
    }

    /// <summary>Fetches what the source names and returns the commit SHA and the fetched object's SHA (an annotated tag's differs).</summary>
    private async Task<(string Commit, string Object)> FetchCommitAsync(GitSource source, string root, string? checksum, CancellationToken cancellationToken)
    {
        var target = source.FetchByCommit ? checksum! : source.Ref ?? checksum ?? "HEAD";
        var shallow = await _git.RunAsync(root, ["fetch", "-q", "--depth=1", "--no-tags", "origin", target], cancellationToken).ConfigureAwait(false);
        if (shallow.Succeeded)
        {
            return (await RevParseAsync(source, root, "FETCH_HEAD^{commit}", cancellationToken).ConfigureAwait(false),
                await RevParseAsync(source, root, "FETCH_HEAD", cancellationToken).ConfigureAwait(false));
        }

        if (target == "HEAD")
        {
            throw Failed(source, $"fetching {source.Display} failed", shallow);
        }

        // The server could not serve that name by itself (a short SHA, an unadvertised commit): fetch all
        // branches and tags and resolve it locally.
        var full = await _git.RunAsync(
            root,
            ["fetch", "-q", "origin", "+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"],
            cancellationToken).ConfigureAwait(false);
        if (!full.Succeeded)
        {
            throw Failed(source, $"fetching {source.Display} failed", full);
        }

        foreach (var candidate in Candidates(target))
        {
            var commit = await _git.RunAsync(root, ["rev-parse", "-q", "--verify", candidate + "^{commit}"], cancellationToken).ConfigureAwait(false);
            if (commit.Succeeded)
            {
                var obj = await RevParseAsync(source, root, candidate, cancellationToken).ConfigureAwait(false);
                return (commit.StandardOutput.Trim(), obj);
            }
        }

        throw Failed(source, $"git source {source.Display}: '{target}' is not a branch, tag or commit of {GitSource.Redact(source.Remote)}", shallow);
    }

    private static IEnumerable<string> Candidates(string target)
    {
        if (target.StartsWith("refs/heads/", StringComparison.Ordinal))
        {
            yield return "refs/remotes/origin/" + target["refs/heads/".Length..];
            yield break;
        }

        if (target.StartsWith("refs/", StringComparison.Ordinal))
        {
            yield return target;
            yield break;
        }

        yield return "refs/tags/" + target;
        yield return "refs/remotes/origin/" + target;
        yield return target; // a (short) commit SHA
    }

    private async Task<string> RevParseAsync(GitSource source, string root, string name, CancellationToken cancellationToken)
    {
        var result = await RunAsync(source, root, ["rev-parse", "--verify", name], cancellationToken).ConfigureAwait(false);
        return result.StandardOutput.Trim();
    }

    private async Task<GitResult> RunAsync(GitSource source, string root, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await _git.RunAsync(root, arguments, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw Failed(source, $"git {arguments[0]} for {source.Display} failed", result);
        }

        return result;
    }

    private static SourceException Failed(GitSource source, string what, GitResult result)
    {
        var detail = result.StandardError.Trim();
        if (detail.Length == 0)
        {
            detail = $"exit code {result.ExitCode}";
        }

        return new SourceException(
            SourceException.GitFailed,
            source.Display,
            $"{what}: {UrlRedaction.Redact(detail)}; check the URL, the ref and your access to the repository");
    }

    /// <summary>Deletes every <c>.git</c> (the repository's directory and submodules' gitlink files); git cannot track such a path.</summary>
    private void RemoveGitEntries(string directory)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
        {
            var status = _fs.LStat(entry);
            if (Path.GetFileName(entry) == ".git")
            {
                _fs.RemoveTree(entry);
            }
            else if (status.Kind == FileKind.Directory)
            {
                RemoveGitEntries(entry);
            }
        }
    }

    private void Normalise(string directory, bool isRoot)
    {
        _fs.Chmod(directory, DirectoryMode);
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
        {
            if (isRoot && Path.GetFileName(entry) == ".git")
            {
                continue; // a kept .git stays as git wrote it
            }

            var status = _fs.LStat(entry);
            switch (status.Kind)
            {
                case FileKind.Directory:
                    Normalise(entry, isRoot: false);
                    break;
                case FileKind.Regular:
                    _fs.Chmod(entry, (status.Mode & 0b001_001_001) != 0 ? ExecutableMode : FileMode);
                    break;
            }
        }
    }

    private void Stamp(string directory, UnixTimestamp time, bool skipGitDir)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
        {
            if (skipGitDir && Path.GetFileName(entry) == ".git")
            {
                continue;
            }

            if (_fs.LStat(entry).Kind == FileKind.Directory)
            {
                Stamp(entry, time, skipGitDir: false);
            }

            _fs.SetTimes(entry, time, time);
        }

        _fs.SetTimes(directory, time, time);
    }

    /// <summary>Resolves the subdirectory inside the checkout, following symlinks with the checkout as '/'.</summary>
    private string ResolveSubdir(GitSource source, string root, string subdir)
    {
        var pending = new Stack<string>(subdir.Split('/').Reverse());
        var resolved = new List<string>();
        var hops = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (resolved.Count == 0)
                {
                    throw SubdirError(source, subdir, "leaves the repository");
                }

                resolved.RemoveAt(resolved.Count - 1);
                continue;
            }

            var candidate = root + "/" + string.Join('/', resolved.Append(part));
            var status = _fs.TryLStat(candidate) ?? throw SubdirError(source, subdir, "does not exist in the repository");
            switch (status.Kind)
            {
                case FileKind.Directory:
                    resolved.Add(part);
                    break;
                case FileKind.Symlink:
                    if (++hops > MaxSymlinkHops)
                    {
                        throw SubdirError(source, subdir, "goes through too many symlinks");
                    }

                    var target = _fs.ReadLink(candidate);
                    if (target.StartsWith('/'))
                    {
                        resolved.Clear();
                    }

                    foreach (var piece in target.Split('/').Reverse())
                    {
                        pending.Push(piece);
                    }

                    break;
                default:
                    throw SubdirError(source, subdir, "is not a directory");
            }
        }

        return resolved.Count == 0 ? root : root + "/" + string.Join('/', resolved);
    }

    private static SourceException SubdirError(GitSource source, string subdir, string reason) =>
        new(SourceException.GitSubdir, source.Display, $"git source {source.Display}: subdirectory '{subdir}' {reason}");
}
