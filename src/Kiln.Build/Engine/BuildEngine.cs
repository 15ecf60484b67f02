using System.Globalization;
using Kiln.Archives.Layers;
using Kiln.Build.Cache;
using Kiln.Build.Cache.Sharing;
using Kiln.Build.Context;
using Kiln.Build.Context.Hashing;
using Kiln.Build.Frontend;
using Kiln.Build.Images;
using Kiln.Build.Layers;
using Kiln.Build.Progress;
using Kiln.Build.Snapshots;
using Kiln.Dockerfile.Checks;
using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Planning;
using Kiln.Linux;
using Kiln.Oci;
using Kiln.Storage;
using Kiln.Storage.Errors;

namespace Kiln.Build.Engine;

/// <summary>
/// The build engine behind <c>kiln build</c> (issue #4): runs the frontend, resolves base images from the local store
/// or OCI layouts, evaluates the stages against the real base configs, builds the target and the stages it needs in
/// parallel through the content-addressed cache, and writes the image into the store (untagged; outputs name it).
/// Reports every step to an <see cref="IBuildProgress"/>; never prints. Cancellation unmounts everything and leaves the
/// store consistent: blobs and snapshots are only ever added by atomic renames.
/// </summary>
/// <param name="store">The local store images and layers go to.</param>
/// <param name="cache">The build cache of that store.</param>
/// <param name="http">For <c>ADD https://…</c>.</param>
/// <param name="time">The clock.</param>
/// <param name="registryCache">The registry client's cache storage for <c>type=registry</c> caches; null until Kiln.Distribution provides it.</param>
/// <param name="puller">Pulls base images the store lacks (and every base with <c>--pull</c>); null: the store only.</param>
public sealed partial class BuildEngine(
    LocalStore store, BuildCache cache, HttpClient http, TimeProvider time, IRegistryCacheStorageFactory? registryCache = null, Images.IBaseImagePuller? puller = null)
{
    /// <summary>Builds <paramref name="options"/>.</summary>
    /// <exception cref="DockerfileException">The Dockerfile is invalid, or a step failed (the diagnostic names the line).</exception>
    public async Task<BuildResult> BuildAsync(BuildOptions options, IBuildProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var reporter = new StepReporter(progress, time);
        var buildTime = time.GetUtcNow();

        var definition = reporter.Start($"[internal] load build definition from {Path.GetFileName(options.DockerfilePath ?? "Dockerfile")}");
        definition.Status($"transferring dockerfile: {options.Dockerfile.Text.Length.ToString(CultureInfo.InvariantCulture)}B", completed: true);
        definition.Done();

        LocatedIgnoreFile? ignore = null;
        if (options.ContextDirectory is { } contextDirectory)
        {
            var loadIgnore = reporter.Start("[internal] load .dockerignore");
            try
            {
                ignore = IgnoreFileLocator.Locate(contextDirectory, options.DockerfilePath);
                loadIgnore.Status($"transferring context: {(ignore is null ? 2 : new FileInfo(ignore.Path).Length).ToString(CultureInfo.InvariantCulture)}B", completed: true);
                loadIgnore.Done();
            }
            catch (IgnorePatternException e)
            {
                loadIgnore.Fail(e.Message);
                throw new DockerfileException(Diagnostic.Error(DockerfileAnalyzer.IgnoreFileErrorId, e.Message, e.SourceFile, null));
            }
        }

        var analysis = new DockerfileAnalyzer().Analyze(options.Dockerfile, options.Request, options.ContextDirectory, options.DockerfilePath, wholeFile: false, cancellationToken);
        var warnings = new List<Diagnostic>(analysis.Notices);
        if (analysis.Checks is { } checks)
        {
            warnings.AddRange(checks.Findings);
        }

        if (analysis.Error is { } error)
        {
            throw new DockerfileException(error);
        }

        if (analysis.Checks is { IsFailure: true } failing)
        {
            throw new DockerfileException(failing.Findings[0] with { Severity = DiagnosticSeverity.Error });
        }

        var plan = analysis.Plan!;
        var cacheStorages = new CacheStorageResolver(store, registryCache);
        var exports = options.CacheTo.Select(spec => (Spec: spec, Target: spec.Type == CacheSpecType.Inline ? default : cacheStorages.Resolve(spec, forWrite: true))).ToList();
        var imported = await ImportCachesAsync(options, cacheStorages, reporter, cancellationToken).ConfigureAwait(false);
        using var workspace = BuildWorkspace.Create(store.BuildDirectory, new LinuxMounts());
        var bases = await ResolveBasesAsync(plan, analysis.Stages!, options, reporter, cancellationToken).ConfigureAwait(false);
        foreach (var stage in plan.BuildOrder)
        {
            // LINT-INVALID-BASE-PLATFORM: a single-platform base whose platform is not the stage's (BuildKit warns, builds on).
            if (analysis.Checks is not null && bases.Stages.TryGetValue(stage.Index, out var resolvedBase)
                && resolvedBase.Image.Config.Value.Platform is var actual && !stage.Platform.Matches(actual))
            {
                warnings.Add(CheckFindings.InvalidBaseImagePlatform(resolvedBase.Name, stage.Platform.ToString(), actual.ToString(), stage.From.Range, plan.FilePath));
            }
        }

        var stages = new StageEvaluator(plan).EvaluateAll(
            stage => bases.Stages.TryGetValue(stage.Index, out var resolved)
                ? BaseImageState.FromImageConfig(resolved.Image.Config.Value)
                : stage.Base is ScratchBase ? BaseImageState.Scratch : BaseImageState.Unknown,
            allStages: false,
            cancellationToken);

        var statCache = new StatCache(Path.Combine(store.Root, "cache", "stat"));

        // Chosen once, at the first RUN (a build without RUN never needs a runtime installed).
        var runtime = new Lazy<Func<string, Kiln.Runtime.IContainerRuntime>>(() => Kiln.Runtime.RuntimeSelector.Select(options.Runtime));
        var session = new BuildSession
        {
            Options = options,
            Plan = plan,
            Stages = stages,
            Bases = bases.Stages,
            Images = bases.Images,
            Store = store,
            Cache = cache,
            Workspace = workspace,
            Snapshotter = SnapshotterSelector.Select(options.Snapshotter, workspace, new LinuxMounts()),
            Committer = new LayerCommitter(store, new LayerWriterOptions
            {
                Compression = options.Compression,
                OciMediaTypes = options.OciMediaTypes,
                SourceDateEpoch = options.SourceDateEpoch,
            }),
            Reporter = reporter,
            Hasher = new ContentHasher(new LinuxContextFileSystem(), statCache, null, time),
            Context = options.ContextDirectory is { } root ? new ContextSourceResolver(root, ignore?.ToFilter()) : null,
            ContextIgnore = ignore?.ToFilter(),
            BuildTime = buildTime,
            RunStage = StageRunner.RunAsync,
            CancellationToken = cancellationToken,
            Http = http,
            CreateRuntime = stateRoot => runtime.Value(stateRoot),
            Imported = imported,
        };

        StageResult target;
        try
        {
            target = await session.GetStageAsync(plan.Target.Index).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                statCache.Save();
            }
            catch (IOException)
            {
                // The stat cache only saves re-reading files; a failed save costs time, not correctness.
            }
        }

        var export = reporter.Start("exporting to image");
        var exportSource = ExportSource(session, target);
        BuildResult result;
        try
        {
            export.Status("exporting layers", completed: true);
            var annotations = options.CacheTo.Any(c => c.Type == CacheSpecType.Inline)
                ? new Dictionary<string, string>(StringComparer.Ordinal) { [CacheFormat.InlineAnnotation] = CacheExporter.InlineAnnotation(exportSource) }
                : null;
            if (annotations is not null)
            {
                export.Status("writing inline cache metadata", completed: true);
            }

            var image = await new ImageAssembler(store).AssembleAsync(target, options, buildTime, annotations, cancellationToken).ConfigureAwait(false);
            export.Status($"writing image {image.ImageId}", completed: true);
            export.Done();
            foreach (var warning in imported?.Warnings ?? [])
            {
                progress.Report(new BuildWarning(time.GetUtcNow(), warning));
            }

            foreach (var warning in warnings)
            {
                var line = warning.Range is { } range ? $" (line {range.Start.Line.ToString(CultureInfo.InvariantCulture)})" : string.Empty;
                progress.Report(new BuildWarning(time.GetUtcNow(), $"{warning.Id}: {warning.Message}{line}", warning.Description, warning.Url));
            }

            result = new BuildResult(image, warnings, session.StepsRun, session.StepsCached);
        }
        catch (Exception e)
        {
            export.Fail(e.Message);
            throw;
        }

        await ExportCachesAsync(exports, exportSource, progress, reporter, cancellationToken).ConfigureAwait(false);
        return result;
    }

    private async Task<ResolvedBases> ResolveBasesAsync(BuildPlan plan, IReadOnlyDictionary<int, EvaluatedStage> evaluated, BuildOptions options, StepReporter reporter, CancellationToken cancellationToken)
    {
        // Every image name the needed stages use: FROM bases and COPY --from images / image contexts.
        var names = new Dictionary<string, (string Value, Platform Platform, Diagnostic Where)>(StringComparer.Ordinal);
        var stageNames = new Dictionary<int, string>();
        foreach (var stage in plan.BuildOrder)
        {
            string? name = stage.Base switch
            {
                ImageBase image => image.Reference.ToString(),
                NamedContextBase context => context.ContextName,
                _ => null,
            };
            if (name is not null)
            {
                stageNames[stage.Index] = name;
                names.TryAdd(name, (Value(name, options), stage.Platform, Where(plan, stage.From.Range)));
            }

            if (evaluated.TryGetValue(stage.Index, out var steps))
            {
                foreach (var step in steps.Steps)
                {
                    if (step.CopySource is { StageIndex: null } source)
                    {
                        var key = source.NamedContext ?? source.Image?.ToString() ?? source.Reference;
                        if (source.NamedContext is { } named && options.NamedContexts.TryGetValue(named, out var v) && NamedContextValue.IsDirectory(v))
                        {
                            continue;
                        }

                        names.TryAdd(key, (Value(key, options), stage.Platform, Where(plan, step.Range)));
                    }
                }
            }
        }

        var tasks = names.ToDictionary(
            pair => pair.Key,
            pair => Task.Run(() => ResolveImageAsync(pair.Key, pair.Value.Value, pair.Value.Platform, pair.Value.Where, reporter, options, cancellationToken), cancellationToken),
            StringComparer.Ordinal);
        await Task.WhenAll(tasks.Values).ConfigureAwait(false);
        var images = tasks.ToDictionary(t => t.Key, t => t.Value.Result, StringComparer.Ordinal);
        var stagesResolved = stageNames.ToDictionary(s => s.Key, s => images[s.Value]);
        return new ResolvedBases(stagesResolved, images);
    }

    private static Diagnostic Where(BuildPlan plan, SourceRange range) => Diagnostic.Error(BuildErrorIds.ImageNotFound, string.Empty, plan.FilePath, range);

    private static string Value(string name, BuildOptions options) =>
        options.NamedContexts.TryGetValue(name, out var value) ? value : NamedContextValue.DockerImagePrefix + name;

    /// <summary>
    /// A base image from the store, pulled first when the store lacks it (or always with <c>--pull</c>, DF-FROM-RESOLVE);
    /// without a puller, or when the pull fails, the error says what to do.
    /// </summary>
    private async Task<Storage.Images.StoredImage> GetOrPullAsync(
        string name, string display, Platform platform, Diagnostic where, BuildOptions options, CancellationToken cancellationToken)
    {
        if (!ImageReference.TryParse(display, out var reference))
        {
            reference = null;
        }

        var pulled = false;
        if (options.Pull && puller is not null && reference is not null && reference.Digest is null)
        {
            await PullAsync(reference, display, platform, where, cancellationToken).ConfigureAwait(false);
            pulled = true;
        }

        try
        {
            return await store.GetImageAsync(display, platform, cancellationToken).ConfigureAwait(false);
        }
        catch (ImageNotFoundException) when (!pulled && puller is not null && reference is not null)
        {
            await PullAsync(reference, display, platform, where, cancellationToken).ConfigureAwait(false);
            return await store.GetImageAsync(display, platform, cancellationToken).ConfigureAwait(false);
        }
        catch (ImageNotFoundException)
        {
            throw new DockerfileException(where with
            {
                Message = $"{display}: image not found in the local store ({store.Root}). "
                    + "Pull it (kiln pull), load it (kiln load, kiln import) or pass an OCI layout with --build-context " + name + "=oci-layout://DIR",
            });
        }
    }

    private async Task PullAsync(ImageReference reference, string display, Platform platform, Diagnostic where, CancellationToken cancellationToken)
    {
        try
        {
            await puller!.PullAsync(reference, platform, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not DockerfileException)
        {
            throw new DockerfileException(where with
            {
                Message = $"{display}: not in the local store and the pull failed: {e.Message}. "
                    + "Check the name and the registry (kiln login for private ones, --tls-verify=false for one without TLS), or load the image with kiln load",
            });
        }
    }

    private async Task<ResolvedBase> ResolveImageAsync(string name, string value, Platform platform, Diagnostic where, StepReporter reporter, BuildOptions options, CancellationToken cancellationToken)
    {
        var display = value.StartsWith(NamedContextValue.DockerImagePrefix, StringComparison.Ordinal) ? value[NamedContextValue.DockerImagePrefix.Length..] : value;
        var step = reporter.Start($"[internal] load metadata for {display}");
        try
        {
            Storage.Images.StoredImage image;
            if (value.StartsWith(NamedContextValue.OciLayoutPrefix, StringComparison.Ordinal))
            {
                image = await new OciLayoutImporter(store).ImportAsync(value[NamedContextValue.OciLayoutPrefix.Length..], platform, cancellationToken).ConfigureAwait(false);
            }
            else if (value.StartsWith(NamedContextValue.DockerImagePrefix, StringComparison.Ordinal))
            {
                image = await GetOrPullAsync(name, display, platform, where, options, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                throw new DockerfileException(where with
                {
                    Id = BuildErrorIds.NamedContext,
                    Message = $"--build-context {name}={value}: only docker-image://, oci-layout:// and local directories (for COPY --from) are supported",
                });
            }

            var existed = image.DiffIds.Count == 0 || Storage.Snapshots.ChainId.Compute(image.DiffIds).All(store.Snapshots.Exists);
            var chain = await store.PrepareSnapshotsAsync(image, cancellationToken).ConfigureAwait(false);
            var layers = chain.Layers.Select(l => new LayerRef(image.Layers[chain.Layers.ToList().IndexOf(l)], l.DiffId, l.ChainId, l.Path)).ToList();
            var key = new CacheKeyBuilder("image");
            key.Add("manifest", image.ManifestDigest, CacheKeyPartKind.BaseImage);
            var fs = new FsState(key.Build(), layers, null);
            step.Done(cached: existed);
            return new ResolvedBase(display, image, fs, !existed);
        }
        catch (OperationCanceledException)
        {
            step.Cancel();
            throw;
        }
        catch (Exception e)
        {
            step.Fail(e.Message);
            throw;
        }
    }

    private sealed record ResolvedBases(IReadOnlyDictionary<int, ResolvedBase> Stages, IReadOnlyDictionary<string, ResolvedBase> Images);
}
