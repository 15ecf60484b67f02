using Kiln.Build.Cache;
using Kiln.Build.Engine;
using Kiln.Build.Outputs;
using Kiln.Cli.Rendering;
using Kiln.Cli.Rendering.Progress;
using Kiln.Dockerfile.Diagnostics;
using Kiln.Oci;
using Kiln.Storage;

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
        var store = await run.OpenStore(cancellationToken).ConfigureAwait(false);
        var cache = BuildCache.Open(store.Root, time);
        using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.None });
        var engine = new BuildEngine(store, cache, http, time);
        await using var renderer = ProgressRendererFactory.Create(run.Progress, console.Error, run.ErrorIsTerminal);
        BuildResult result;
        try
        {
            result = await engine.BuildAsync(run.Options, renderer, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerfileException e)
        {
            await renderer.CompleteAsync().ConfigureAwait(false);
            await console.Error.WriteAsync(DiagnosticRenderer.Render(e.Diagnostic, run.Options.Dockerfile)).ConfigureAwait(false);
            return ExitCodes.Findings;
        }
        catch (OperationCanceledException)
        {
            await renderer.CompleteAsync().ConfigureAwait(false);
            await console.Error.WriteLineAsync("kiln: build cancelled; the store is unchanged").ConfigureAwait(false);
            return 130;
        }

        var outputs = run.Outputs.Count > 0 ? run.Outputs : [OutputSpec.Parse("type=image")];
        try
        {
            foreach (var output in outputs)
            {
                await new ImageExporter().ExportAsync(store, result.Image, run.Tags, output, run.OpenStdout, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await renderer.CompleteAsync().ConfigureAwait(false);
        }

        foreach (var warning in result.Warnings)
        {
            _ = warning; // printed by the renderer from the warning events
        }

        if (run.IidFile is { } iid)
        {
            await IidFile.WriteAsync(iid, result.Image.ImageId, cancellationToken).ConfigureAwait(false);
        }

        if (run.MetadataFile is { } metadataFile)
        {
            await MetadataFile.WriteAsync(metadataFile, BuildMetadata.From(result.Image, run.Tags), cancellationToken).ConfigureAwait(false);
        }

        if (run.Quiet)
        {
            await console.Out.WriteLineAsync(result.Image.ImageId.ToString()).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
