using System.Text;
using Kiln.Build.Cache;
using Kiln.Build.Context;
using Kiln.Build.Context.Hashing;
using Kiln.Build.Operations;
using Kiln.Build.Operations.Files;
using Kiln.Build.Operations.Sources;
using Kiln.Dockerfile.Instructions;
using Kiln.Dockerfile.Planning;
using Kiln.Oci;

namespace Kiln.Build.Engine;

/// <summary>
/// COPY and ADD (DF-COPY-*, DF-ADD-*): sources from the context (ignore file applied, content-hashed), an earlier stage,
/// an image or a named context, heredocs, URLs, git repositories and local archives; the cache key takes the content
/// digests of exactly the selected files, never their mtimes (DF-COPY-CACHE).
/// </summary>
internal sealed partial class StageRunner
{
    private async Task<PreparedStep> PrepareFileAsync(StagePlan plan, EvaluatedStep step, FileInstruction file, FsState fs, CancellationToken cancellationToken)
    {
        var isAdd = file is AddInstruction;
        var parents = file is CopyInstruction { Parents: true };
        var link = file.Link;
        var key = new CacheKeyBuilder(isAdd ? "add" : "copy");
        key.AddParent(link ? null : fs.Key);
        key.Add("instruction", Canonical(file), CacheKeyPartKind.Instruction);
        key.Add("workdir", step.Before.WorkingDirectory, CacheKeyPartKind.Instruction);
        key.Add("platform", plan.Platform.ToString(), CacheKeyPartKind.Platform);

        var items = new List<CopySourceItem>();
        var archives = new List<string>();
        var fetchedArchives = new List<string>();
        Func<string, bool>? filter = null;
        var preserveOwnership = false;
        var fileTimes = new List<(string Path, DateTimeOffset Time, int Mode)>();

        if (file is CopyInstruction { From: { Length: > 0 } } && step.CopySource is { } source)
        {
            preserveOwnership = true;
            var (root, sourceKey, keepAlive) = await OpenSourceRootAsync(source, step, cancellationToken).ConfigureAwait(false);
            key.Add("from", sourceKey);
            foreach (var src in file.Sources)
            {
                try
                {
                    items.AddRange(SourceMatcher.Match(root, src, parents));
                }
                catch (FileOperationException e)
                {
                    throw Error(BuildErrorIds.SourceNotFound, e.Message + $" in {source.Reference}", step, session.Plan.FilePath);
                }
            }

            _keepAlive.Add(keepAlive);
        }
        else
        {
            var local = new List<string>();
            foreach (var src in file.Sources)
            {
                var kind = isAdd ? SourceClassifier.Classify(src) : SourceKind.Local;
                switch (kind)
                {
                    case SourceKind.Http:
                        var fetched = await FetchUrlAsync(src, (AddInstruction)file, step, cancellationToken).ConfigureAwait(false);
                        AddFile(key, "url", src, fetched.ContentDigest);
                        // The file keeps the URL's name (or __unnamed__) when the destination is a directory.
                        var downloaded = session.Workspace.NewDirectory("url");
                        var named = Path.Combine(downloaded, fetched.FileName);
                        File.Move(fetched.Path, named);

                        // A URL is never extracted unless --unpack=true asks for it (DF-ADD-UNPACK), then only if it is an archive.
                        if (((AddInstruction)file).Unpack == true && ArchiveDetector.Detect(named) != ArchiveFormat.None)
                        {
                            fetchedArchives.Add(named);
                            break;
                        }

                        items.Add(new CopySourceItem(downloaded, fetched.FileName, false, null));
                        if (fetched.LastModified is { } modified)
                        {
                            key.Add("url-mtime " + src, modified.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
                        }

                        fileTimes.Add((named, fetched.LastModified ?? DateTimeOffset.FromUnixTimeSeconds(0), 0b110_000_000));
                        break;
                    case SourceKind.Git:
                        var add = (AddInstruction)file;
                        var git = GitSource.Parse(src);
                        var tree = await new GitSourceFetcher().FetchAsync(git, add.KeepGitDir ?? false, add.Checksum, session.Workspace.NewDirectory("git"), cancellationToken).ConfigureAwait(false);
                        key.Add("git " + src, tree.CommitSha);
                        items.Add(new CopySourceItem(tree.Directory, string.Empty, false, null));
                        break;
                    default:
                        local.Add(src);
                        break;
                }
            }

            if (local.Count > 0)
            {
                var context = session.Context ?? throw Error(
                    BuildErrorIds.NoContext,
                    $"{file.Name} needs files from the build context, but this build has none (the Dockerfile came from stdin with no context); pass a context directory",
                    step,
                    session.Plan.FilePath);
                var includes = new List<string>();
                var whole = false;
                foreach (var src in local)
                {
                    ResolvedContextSource resolved;
                    try
                    {
                        resolved = context.Resolve(src, parents, cancellationToken);
                    }
                    catch (ContextSourceException e)
                    {
                        throw Error(BuildErrorIds.SourceNotFound, e.Message, step, session.Plan.FilePath);
                    }

                    if (resolved.IncludePattern is { } pattern)
                    {
                        includes.Add(pattern);
                    }
                    else
                    {
                        whole = true;
                    }

                    foreach (var match in resolved.Matches)
                    {
                        var relative = match.Path;
                        var unpack = isAdd && ((AddInstruction)file).Unpack != false && !match.IsDirectory
                            && ArchiveDetector.Detect(Path.Combine(context.RootDirectory, relative)) != ArchiveFormat.None;
                        if (unpack)
                        {
                            archives.Add(Path.Combine(context.RootDirectory, relative));
                            continue;
                        }

                        items.Add(new CopySourceItem(context.RootDirectory, relative, resolved.HasWildcards, parents ? ParentsPath(relative, resolved.ParentsPivot) : null));
                    }
                }

                var filters = new List<ContextFilter>();
                if (session.ContextIgnore is { } ignore)
                {
                    filters.Add(ignore);
                }

                if (!whole && includes.Count > 0)
                {
                    filters.Add(ContextFilter.Create(includes, null));
                }

                var selection = await Task.Run(() => session.Hasher.HashSelection(new ContextWalker(context.RootDirectory, filters), cancellationToken), cancellationToken).ConfigureAwait(false);
                key.AddFiles("context", selection.Paths);
                if (session.ContextIgnore is not null)
                {
                    var visible = new HashSet<string>(selection.Paths.Keys, StringComparer.Ordinal);
                    filter = path => path.Length == 0 || visible.Contains(path.TrimStart('/'));
                }
            }
        }

        if (file.HeredocSources.Count > 0)
        {
            var directory = session.Workspace.NewDirectory("heredoc");
            foreach (var heredoc in file.HeredocSources)
            {
                var path = Path.Combine(directory, heredoc.Name);
                await File.WriteAllTextAsync(path, heredoc.Content, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
                fileTimes.Add((path, session.Options.SourceDateEpoch is { } e ? DateTimeOffset.FromUnixTimeSeconds(e) : DateTimeOffset.FromUnixTimeSeconds(0), 0b110_100_100));
                AddFile(key, "heredoc", heredoc.Name, Digest.Compute(Encoding.UTF8.GetBytes(heredoc.Content)));
                items.Add(new CopySourceItem(directory, heredoc.Name, false, null));
            }
        }

        foreach (var archive in archives)
        {
            AddFile(key, "archive", Path.GetRelativePath(session.Context!.RootDirectory, archive), session.Hasher.HashPath(archive, cancellationToken));
        }

        Operations.Files.ChmodSpec? chmod = null;
        if (file.Chmod is { Length: > 0 } chmodText)
        {
            if (!Operations.Files.ChmodSpec.TryParse(chmodText, out var parsed, out var chmodError))
            {
                throw Error(BuildErrorIds.CopyFailed, chmodError ?? "invalid --chmod", step, session.Plan.FilePath);
            }

            chmod = parsed;
        }

        var destination = file.Destination;
        var workingDirectory = step.Before.WorkingDirectory;
        var chownText = file.Chown;
        return new PreparedStep(key, link, (root, namesRoot, ct) =>
        {
            foreach (var (path, time, mode) in fileTimes)
            {
                new Kiln.Linux.LinuxFileSystem().Chmod(path, mode);
                File.SetLastWriteTimeUtc(path, time.UtcDateTime);
            }

            Ownership? chown = null;
            if (chownText is { Length: > 0 })
            {
                try
                {
                    chown = ChownResolver.Resolve(chownText, namesRoot);
                }
                catch (FileOperationException e)
                {
                    throw Error(BuildErrorIds.CopyFailed, e.Message, step, session.Plan.FilePath);
                }
            }

            try
            {
                if (items.Count > 0)
                {
                    new FileCopier().Copy(
                        new CopyRequest
                        {
                            Sources = items,
                            TargetRoot = root,
                            Destination = destination,
                            WorkingDirectory = workingDirectory,
                            Chown = chown,
                            PreserveOwnership = preserveOwnership,
                            Chmod = chmod,
                            Exclude = file.Excludes,
                            FollowDestinationSymlinks = !link,
                            SourceFilter = filter,
                        },
                        ct);
                }

                foreach (var archive in archives.Concat(fetchedArchives))
                {
                    var absolute = destination.StartsWith('/') ? destination : workingDirectory.TrimEnd('/') + "/" + destination;
                    DirectoryMaker.MakeDirectories(root, absolute, chown ?? Ownership.Root, "ADD");
                    var target = RootedPath.Resolve(root, absolute, followFinalSymlink: true);
                    ArchiveUnpacker.Unpack(archive, target, chown is { } c ? ((int)c.Uid, (int)c.Gid) : ((int Uid, int Gid)?)null, ct);
                }
            }
            catch (FileOperationException e)
            {
                throw Error(BuildErrorIds.CopyFailed, e.Message, step, session.Plan.FilePath);
            }

            return Task.CompletedTask;
        });
    }

    private readonly List<IDisposable?> _keepAlive = [];

    private async Task<(string Root, string Key, IDisposable? KeepAlive)> OpenSourceRootAsync(DependencySource source, EvaluatedStep step, CancellationToken cancellationToken)
    {
        if (source.StageIndex is { } index)
        {
            var stage = await session.GetStageAsync(index).ConfigureAwait(false);
            var view = session.Snapshotter.View(stage.Fs.SnapshotPaths);
            return (view.Path, "stage " + (stage.Fs.Key?.ToString() ?? "scratch"), view);
        }

        if (source.NamedContext is { } name && session.Options.NamedContexts.TryGetValue(name, out var value) && NamedContextValue.IsDirectory(value))
        {
            var selection = await Task.Run(() => session.Hasher.HashSelection(value, null, cancellationToken), cancellationToken).ConfigureAwait(false);
            return (value, "context " + selection.Root, null);
        }

        var lookup = source.NamedContext ?? source.Image?.ToString() ?? source.Reference;
        if (!session.Images.TryGetValue(lookup, out var image))
        {
            throw Error(BuildErrorIds.ImageNotFound, $"COPY --from={source.Reference}: image {lookup} was not resolved", step, session.Plan.FilePath);
        }

        var imageView = session.Snapshotter.View(image.Fs.SnapshotPaths);
        return (imageView.Path, "image " + image.Image.ManifestDigest, imageView);
    }

    private async Task<FetchedFile> FetchUrlAsync(string url, AddInstruction add, EvaluatedStep step, CancellationToken cancellationToken)
    {
        Digest? checksum = null;
        if (add.Checksum is { Length: > 0 } text)
        {
            if (!Digest.TryParse(text, out var parsed))
            {
                throw Error(BuildErrorIds.FetchFailed, $"ADD --checksum={text}: not a digest (sha256:<64 hex>)", step, session.Plan.FilePath);
            }

            checksum = parsed;
        }

        try
        {
            return await new HttpSourceFetcher(session.Http, TimeProvider.System)
                .FetchAsync(new Uri(url), checksum, session.Workspace.NewDirectory("download"), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException)
        {
            throw Error(BuildErrorIds.FetchFailed, $"ADD {url}: {e.Message}", step, session.Plan.FilePath);
        }
    }

    /// <summary>Adds one file's content digest as its own files part, so <c>--explain-cache</c> names it.</summary>
    private static void AddFile(CacheKeyBuilder key, string kind, string name, Digest digest)
        => key.AddFiles(kind + " " + name, new Dictionary<string, Digest>(StringComparer.Ordinal) { [name] = digest });

    private static string? ParentsPath(string relative, string? pivot)
    {
        if (pivot is null || pivot == "/")
        {
            return relative;
        }

        var prefix = pivot.TrimStart('/') + "/";
        return relative.StartsWith(prefix, StringComparison.Ordinal) ? relative[prefix.Length..] : relative;
    }

    private static string Canonical(FileInstruction file)
    {
        var text = new StringBuilder(file.Name);
        void Flag(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                text.Append(' ').Append(name).Append('=').Append(value);
            }
        }

        Flag("chown", file.Chown);
        Flag("chmod", file.Chmod);
        Flag("link", file.Link ? "true" : null);
        foreach (var exclude in file.Excludes)
        {
            Flag("exclude", exclude);
        }

        if (file is CopyInstruction copy)
        {
            Flag("from", copy.From);
            Flag("parents", copy.Parents ? "true" : null);
        }

        if (file is AddInstruction add)
        {
            Flag("checksum", add.Checksum);
            Flag("keep-git-dir", add.KeepGitDir?.ToString());
            Flag("unpack", add.Unpack?.ToString());
        }

        foreach (var source in file.Sources)
        {
            text.Append(" src=").Append(source.Length).Append(':').Append(source);
        }

        return text.Append(" dest=").Append(file.Destination).ToString();
    }
}
