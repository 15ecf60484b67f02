using Kiln.Build.Cache.Sharing;
using Kiln.Build.Progress;
using Kiln.Dockerfile.Planning;

namespace Kiln.Build.Engine;

/// <summary>
/// <c>--cache-from</c> and <c>--cache-to</c> around a build (CLI-CACHE-FROM, CLI-CACHE-TO, docs/cache-format.md): every
/// import is read and validated before the first step (a malformed one fails the build, naming its source; a missing or
/// unreachable one is noted and the build goes on cold), and every export is written after the image, each as its own progress step.
/// </summary>
public sealed partial class BuildEngine
{
    private async Task<ImportedCache?> ImportCachesAsync(BuildOptions options, CacheStorageResolver storages, StepReporter reporter, CancellationToken cancellationToken)
    {
        if (options.CacheFrom.Count == 0)
        {
            return null;
        }

        var imported = new ImportedCache(store);
        foreach (var spec in options.CacheFrom)
        {
            var step = reporter.Start($"importing cache manifest from {spec.Display}");
            try
            {
                var (storage, reference) = storages.Resolve(spec, forWrite: false);
                var (loaded, note) = await CacheManifestReader.LoadAsync(storage, reference, spec.Display, cancellationToken).ConfigureAwait(false);
                if (loaded is not null)
                {
                    imported.Add(loaded);
                    step.Log($"{loaded.Records.Count} records, {loaded.Mounts.Count} cache mounts");
                }
                else if (note is not null)
                {
                    step.Log(note);
                }

                step.Done();
            }
            catch (OperationCanceledException)
            {
                step.Cancel();
                throw;
            }
            catch (Exception e) when (e is Kiln.Distribution.Errors.RegistryException or HttpRequestException)
            {
                // As BuildKit: a cache that cannot be reached is a warning; the build goes on without it.
                step.Log($"warning: cannot import the cache: {e.Message}; building without it");
                step.Done();
            }
            catch (Exception e)
            {
                step.Fail(e.Message);
                throw;
            }
        }

        return imported;
    }

    private static CacheExportSource ExportSource(BuildSession session, StageResult target)
    {
        // mode=min: the target stage and the stages it is FROM, whose layers the image is made of.
        var final = new HashSet<int>();
        var stage = target.Stage.Stage;
        while (final.Add(stage.Index) && stage.Base is StageReferenceBase reference && session.Stages.TryGetValue(reference.StageIndex, out var parent))
        {
            stage = parent.Stage;
        }

        return new CacheExportSource([.. session.ExportableSteps], [.. session.ExportableMounts], final);
    }

    private async Task ExportCachesAsync(
        IReadOnlyList<(CacheSpec Spec, (ICacheStorage Storage, string Reference) Target)> exports,
        CacheExportSource source,
        IBuildProgress progress,
        StepReporter reporter,
        CancellationToken cancellationToken)
    {
        foreach (var (spec, (storage, reference)) in exports)
        {
            if (spec.Type == CacheSpecType.Inline)
            {
                continue;
            }

            var step = reporter.Start($"exporting cache to {spec.Display}");
            try
            {
                var records = source.Select(spec.Mode).Count;
                step.Status($"writing {records} records (mode={spec.Mode.ToString().ToLowerInvariant()}{(spec.Mounts ? ", cache mounts" : string.Empty)})");
                var manifest = await new CacheExporter(store).ExportAsync(source, spec, storage, reference, cancellationToken).ConfigureAwait(false);
                step.Status($"writing cache manifest {manifest.Digest}", completed: true);
                step.Done();
            }
            catch (OperationCanceledException)
            {
                step.Cancel();
                throw;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CacheSharingException or NotSupportedException)
            {
                var message = $"{spec.Display}: exporting the cache failed: {e.Message}";
                if (spec.IgnoreError)
                {
                    step.Log(message + " (ignore-error=true)");
                    step.Done();
                    progress.Report(new BuildWarning(time.GetUtcNow(), message));
                    continue;
                }

                step.Fail(message);
                throw new CacheSharingException(CacheSharingException.ExportFailedId, message, e);
            }
        }
    }
}
