using Kiln.Build.Cache;
using Kiln.Build.Cache.Sharing;
using Kiln.Build.Engine;
using Kiln.Build.Outputs;
using Kiln.Build.Progress;
using Kiln.Cli.Rendering.Progress;
using Kiln.Dockerfile.Diagnostics;

namespace Kiln.Cli.Commands;

/// <summary>
/// Runs a real build for <c>kiln build</c>: opens the store and the cache, drives the engine with a progress renderer,
/// then hands the image to each output (tags into the store by default), and writes <c>--iidfile</c> and
/// <c>--metadata-file</c>. A failed or cancelled build leaves the store and the previous image untouched.
/// </summary>
internal sealed class BuildRunner(ConsoleStreams console, TimeProvider time)
{
    public async Task<int> RunAsync(BuildRunRequest run, CancellationToken cancellationToken)
    {
        try
        {
            return await RunCoreAsync(run, cancellationToken).ConfigureAwait(false);
        }
        catch (OutputException e)
        {
            await console.Error.WriteLineAsync($"kiln: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Findings;
        }
        catch (CacheSharingException e)
        {
            await console.Error.WriteLineAsync($"kiln: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Findings;
        }
    }

    private async Task<int> RunCoreAsync(BuildRunRequest run, CancellationToken cancellationToken)
    {
        var outputs = run.Outputs.Count > 0 ? run.Outputs : [OutputSpec.Parse("type=image")];
        foreach (var output in outputs)
        {
            ImageExporter.EnsureSupported(output);
        }

        if (run.IidFile is not null)
        {
            IidFile.EnsureCompatible(outputs);
        }

        var store = await run.OpenStore(cancellationToken).ConfigureAwait(false);
        var cache = BuildCache.Open(store.Root, time);
        using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.None });
        using var registry = run.OpenRegistry is { } openRegistry ? await openRegistry(cancellationToken).ConfigureAwait(false) : null;
        var engine = new BuildEngine(
            store,
            cache,
            http,
            time,
            run.RegistryCache ?? (registry is null ? null : new Kiln.Build.Cache.Sharing.RegistryCacheStorageFactory(registry)),
            registry is null ? null : new Kiln.Build.Images.RegistryBaseImagePuller(registry, store));
        var exporter = new ImageExporter(new ImageExporterOptions { Registry = registry });
        await using var renderer = ProgressRendererFactory.Create(run.Progress, console.Error, run.ErrorIsTerminal);
        BuildResult result;
        var started = time.GetUtcNow();
        try
        {
            result = await engine.BuildAsync(run.Options, renderer, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerfileException e)
        {
            renderer.Report(new BuildFinished(time.GetUtcNow(), time.GetUtcNow() - started, Error: e.Diagnostic.Message));
            await renderer.CompleteAsync().ConfigureAwait(false);
            await console.Error.WriteAsync(DiagnosticRenderer.Render(e.Diagnostic, run.Options.Dockerfile)).ConfigureAwait(false);
            return ExitCodes.Findings;
        }
        catch (CacheSharingException e)
        {
            renderer.Report(new BuildFinished(time.GetUtcNow(), time.GetUtcNow() - started, Error: e.Message));
            await renderer.CompleteAsync().ConfigureAwait(false);
            await console.Error.WriteLineAsync($"kiln: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Findings;
        }
        catch (OperationCanceledException)
        {
            renderer.Report(new BuildFinished(time.GetUtcNow(), time.GetUtcNow() - started, Canceled: true));
            await renderer.CompleteAsync().ConfigureAwait(false);
            await console.Error.WriteLineAsync("kiln: build cancelled; the store is unchanged").ConfigureAwait(false);
            return 130;
        }

        var exported = new List<ExportResult>();
        try
        {
            foreach (var output in outputs)
            {
                exported.Add(await exporter.ExportAsync(store, result.Image, run.Tags, output, run.OpenStdout, cancellationToken).ConfigureAwait(false));
            }

            renderer.Report(new BuildFinished(time.GetUtcNow(), time.GetUtcNow() - started, result.Image.ImageId.ToString()));
        }
        finally
        {
            await renderer.CompleteAsync().ConfigureAwait(false);
        }

        if (run.IidFile is { } iid)
        {
            await IidFile.WriteAsync(iid, result.Image.ImageId, cancellationToken).ConfigureAwait(false);
        }

        if (run.MetadataFile is { } metadataFile)
        {
            await MetadataFile.WriteAsync(metadataFile, BuildMetadata.FromResults(exported, BuildMetadata.CreateBuildRef()), cancellationToken).ConfigureAwait(false);
        }

        if (run.Quiet)
        {
            await console.Out.WriteLineAsync(result.Image.ImageId.ToString()).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
