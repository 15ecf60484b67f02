using Kiln.Build.Cache;
using Kiln.Build.Cache.Sharing;
using Kiln.Build.Layers;
using Kiln.Build.Operations;
using Kiln.Build.Operations.Files;
using Kiln.Dockerfile.Instructions;
using Kiln.Dockerfile.Planning;
using Kiln.Storage.Snapshots;

namespace Kiln.Build.Engine;

/// <summary>The cache protocol of a filesystem step: key, lookup (with <c>--explain-cache</c>), or run, commit and record.</summary>
internal sealed partial class StageRunner
{
    private async Task<StepOutcome> RunFilesystemStepAsync(StagePlan plan, EvaluatedStep step, FsState fs, string name, int position, CancellationToken cancellationToken)
    {
        var reported = session.Reporter.Start(name, plan.DisplayName, position);
        try
        {
            var prepared = step.Expanded switch
            {
                RunInstruction => await PrepareRunAsync(plan, step, fs, reported, cancellationToken).ConfigureAwait(false),
                WorkdirInstruction => PrepareWorkdir(step, fs),
                FileInstruction file => await PrepareFileAsync(plan, step, file, fs, cancellationToken).ConfigureAwait(false),
                _ => throw new InvalidOperationException("not a filesystem step: " + step.Expanded.Name),
            };

            var key = prepared.Key.Build();
            var parts = prepared.Key.Parts;
            var identity = StepIdentity(plan, step, position);
            var noCache = session.Options.NoCache || (plan.Name is { } stageName && session.Options.NoCacheStages.Contains(stageName));
            if (!noCache && await LookUpAsync(key, cancellationToken).ConfigureAwait(false) is var (record, imported) && record is not null)
            {
                var layer = record.Layer is { } blob && record.DiffId is { } diffId
                    ? await EnsureLayerAsync(blob, diffId, fs, cancellationToken).ConfigureAwait(false)
                    : null;
                if (imported)
                {
                    // Kept locally like a record of a step run here: later builds hit without the import, and the
                    // snapshot stays a garbage-collection root.
                    record = record with { Metadata = layer is null ? null : new Dictionary<string, string>(StringComparer.Ordinal) { [CacheRecord.SnapshotChainIdKey] = layer.ChainId.ToString() } };
                    await session.Cache.PutAsync(record, cancellationToken).ConfigureAwait(false);
                }

                await session.Cache.RememberAsync(identity, parts, cancellationToken).ConfigureAwait(false);
                reported.Done(cached: true);
                session.CountStep(cached: true);
                session.NoteStep(new ExportableStep(plan.Index, plan.Name, position, fs.Key, record));
                return new StepOutcome(key, layer, record.Created, true) { Record = record };
            }

            if (session.Options.ExplainCache)
            {
                reported.Explain(noCache
                    ? ["--no-cache" + (session.Options.NoCache ? string.Empty : "-filter") + " asked to run this step"]
                    : await session.Cache.ExplainAsync(identity, parts, cancellationToken).ConfigureAwait(false));
            }

            var outcome = await session.RunOnceAsync(key, () => ExecuteAsync(prepared, fs, key, name, cancellationToken)).ConfigureAwait(false);
            await session.Cache.RememberAsync(identity, parts, cancellationToken).ConfigureAwait(false);
            reported.Done();
            session.CountStep(cached: false);
            if (outcome.Record is { } executed)
            {
                session.NoteStep(new ExportableStep(plan.Index, plan.Name, position, fs.Key, executed));
            }

            return outcome;
        }
        catch (OperationCanceledException)
        {
            reported.Cancel();
            throw;
        }
        catch (Exception e)
        {
            reported.Fail(e.Message);
            throw;
        }
    }

    private async Task<StepOutcome> ExecuteAsync(PreparedStep prepared, FsState fs, CacheKey key, string description, CancellationToken cancellationToken)
    {
        LayerRef? layer;
        using (var active = session.Snapshotter.Prepare(prepared.Independent ? [] : fs.SnapshotPaths))
        {
            // An independent (--link) layer is written into an empty tree; user names still come from the stage's files.
            try
            {
                using var names = prepared.Independent ? session.Snapshotter.View(fs.SnapshotPaths) : null;
                await prepared.Apply(active.MountPath, names?.Path ?? active.MountPath, cancellationToken).ConfigureAwait(false);
            }
            catch (Kiln.Dockerfile.Diagnostics.DockerfileException e) when (session.Options.KeepOnFailure && prepared.Failure?.Value is { } failed)
            {
                active.Seal();
                var id = new Debugging.FailedStepStore(session.Store.Root).Keep(failed with { Lowers = fs.SnapshotPaths }, active.UpperPath);
                throw new Kiln.Dockerfile.Diagnostics.DockerfileException(e.Diagnostic with
                {
                    Message = e.Diagnostic.Message + $"\nthe failed step's filesystem is kept; open a shell in it with: kiln --root {session.Store.Root} debug {id}",
                });
            }

            active.Seal();
            if (prepared.PruneCopiedUpDirectories)
            {
                UnchangedDirectories.Prune(active.UpperPath, fs.SnapshotPaths);
            }

            layer = await session.Committer.CommitAsync(active.UpperPath, fs.TopChainId, cancellationToken).ConfigureAwait(false);
        }

        var created = session.Options.SourceDateEpoch is { } epoch ? DateTimeOffset.FromUnixTimeSeconds(epoch) : session.Reporter.Now;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (layer is not null)
        {
            metadata[CacheRecord.SnapshotChainIdKey] = layer.ChainId.ToString();
        }

        var record = new CacheRecord(key, layer?.Blob, layer?.DiffId, created, created, description, metadata);
        await session.Cache.PutAsync(record, cancellationToken).ConfigureAwait(false);
        return new StepOutcome(key, layer, created, false) { Record = record };
    }

    /// <summary>The local record of <paramref name="key"/>, else an imported one (<c>--cache-from</c>, its blob fetched and verified); null on a miss.</summary>
    private async Task<(CacheRecord? Record, bool Imported)> LookUpAsync(CacheKey key, CancellationToken cancellationToken)
    {
        if (await session.Cache.TryGetAsync(key, cancellationToken).ConfigureAwait(false) is { } local)
        {
            return (local, false);
        }

        return session.Imported is { } imported
            ? (await imported.TryGetAsync(key, session.Reporter.Now, cancellationToken).ConfigureAwait(false), true)
            : (null, false);
    }

    private async Task<LayerRef> EnsureLayerAsync(Kiln.Oci.Descriptor blob, Kiln.Oci.Digest diffId, FsState fs, CancellationToken cancellationToken)
    {
        var chainId = fs.TopChainId is { } parent ? ChainId.Next(parent, diffId) : diffId;
        var path = await session.Store.Snapshots.EnsureAsync(chainId, blob, diffId, cancellationToken).ConfigureAwait(false);
        return new LayerRef(blob, diffId, chainId, path);
    }

    private string StepIdentity(StagePlan plan, EvaluatedStep step, int position) =>
        string.Join('\u001f', session.Plan.FilePath ?? "Dockerfile", plan.Name ?? plan.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), position.ToString(System.Globalization.CultureInfo.InvariantCulture), step.Expanded.Name);

    private PreparedStep PrepareWorkdir(EvaluatedStep step, FsState fs)
    {
        var path = step.After.WorkingDirectory;
        var user = step.Before.User ?? string.Empty;
        var key = new CacheKeyBuilder("workdir");
        key.AddParent(fs.Key);
        key.Add("path", path, CacheKeyPartKind.Instruction);
        key.Add("user", user, CacheKeyPartKind.Instruction);
        return new PreparedStep(key, false, (root, namesRoot, _) =>
        {
            var owner = string.IsNullOrEmpty(user) ? new Ownership(0, 0) : ChownResolver.Resolve(user, namesRoot);
            DirectoryMaker.MakeDirectories(root, path, owner);
            return Task.CompletedTask;
        });
    }
}
