using System.CommandLine;
using Kiln.Build.Cache.Sharing;
using Kiln.Build.Engine;
using Kiln.Build.Frontend;
using Kiln.Build.Outputs;
using Kiln.Cli.Rendering.Progress;
using Kiln.Cli.Rendering;
using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Planning;
using Kiln.Oci;

namespace Kiln.Cli.Commands;

/// <summary>
/// <c>kiln build [options] CONTEXT</c>: docker-compatible build command (CLI-*): builds the image with the engine
/// (<see cref="BuildRunner"/>), or runs only the frontend: build checks (<c>--check</c>, <c>--call=check</c>), the plan
/// (<c>--dry-run</c>) and the subrequests <c>--call=targets|outline</c>.
/// </summary>
internal sealed class BuildCommand(ConsoleStreams console, Func<string, string?> environment, StoreAccess store, TimeProvider time, Registry.RegistryAccess registries)
{
    private static readonly string[] Calls = ["build", "check", "outline", "targets"];

    public Command Create()
    {
        var context = new Argument<string>("CONTEXT") { Description = "The build context directory", DefaultValueFactory = _ => "." };
        var file = new Option<string?>("--file", "-f") { Description = "Name of the Dockerfile (default: CONTEXT/Dockerfile; - reads stdin)" };
        var tags = new Option<string[]>("--tag", "-t") { Description = "Name and optionally a tag (name:tag); repeatable" };
        var target = new Option<string?>("--target") { Description = "Build this stage and the stages it needs" };
        var buildArgs = new Option<string[]>("--build-arg") { Description = "Build-time variable NAME=VALUE (or NAME from the environment); repeatable" };
        var platform = new Option<string?>("--platform") { Description = "Target platform os/arch[/variant]" };
        var buildContexts = new Option<string[]>("--build-context") { Description = "Named build context NAME=VALUE; repeatable" };
        var check = new Option<bool>("--check") { Description = "Run the build checks without building (same as --call=check)" };
        var call = new Option<string>("--call") { Description = "Frontend method: build, check, outline or targets", DefaultValueFactory = _ => "build" };
        call.AcceptOnlyFromAmong(Calls);
        var dryRun = new Option<bool>("--dry-run") { Description = "Check and plan the build, print the steps and the resulting config, build nothing" };
        var format = new Option<string>("--format") { Description = "Output of --check and --call: text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var outputs = new Option<string[]>("--output", "-o") { Description = "Output destination: PATH, -, or type=image|docker|oci|tar|local[,dest=...]; repeatable" };
        var push = new Option<bool>("--push") { Description = "Shorthand for --output=type=image,push=true" };
        var pull = new Option<bool>("--pull") { Description = "Always pull base images, even when the store has them (without it a present base is used offline)" };
        var load = new Option<bool>("--load") { Description = "Shorthand for --output=type=docker" };
        var iidFile = new Option<string?>("--iidfile") { Description = "Write the image ID to this file" };
        var metadataFile = new Option<string?>("--metadata-file") { Description = "Write build result metadata (JSON) to this file" };
        var labels = new Option<string[]>("--label") { Description = "Set metadata for the image KEY=VALUE; repeatable" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the image ID" };
        var progress = new Option<string?>("--progress") { Description = "Progress output: auto, tty, plain, quiet or rawjson (default: $BUILDKIT_PROGRESS, else auto)" };
        var noCache = new Option<bool>("--no-cache") { Description = "Do not use the cache" };
        var noCacheFilter = new Option<string[]>("--no-cache-filter") { Description = "Do not use the cache for these stages; repeatable or comma-separated" };
        var explainCache = new Option<bool>("--explain-cache") { Description = "Say, for each step that missed the cache, which part of its key changed" };
        var cacheFrom = new Option<string[]>("--cache-from") { Description = "Import build cache: type=local,src=DIR | type=image,ref=NAME (inline cache of a local image) | type=registry,ref=REF; repeatable" };
        var cacheTo = new Option<string[]>("--cache-to") { Description = "Export build cache: type=local,dest=DIR[,mode=min|max][,mounts=true] | type=inline | type=registry,ref=REF; repeatable" };
        var ssh = new Option<string[]>("--ssh") { Description = "SSH agent or keys for RUN --mount=type=ssh: default (forwards $SSH_AUTH_SOCK) or ID=KEY[,KEY]; repeatable" };
        var onFailure = new Option<string?>("--on-failure") { Description = "keep: keep a failed RUN's filesystem and print the kiln debug command that opens it" };
        onFailure.AcceptOnlyFromAmong("keep", "remove");
        var runtime = new Option<string?>("--runtime") { Description = "OCI runtime for RUN: runc or crun (default: $KILN_RUNTIME, else the fastest installed)" };
        var snapshotter = new Option<string?>("--snapshotter") { Description = "How step filesystems are made: overlay or copy (default: $KILN_SNAPSHOTTER, else overlay where it can be mounted)" };
        var secrets = new Option<string[]>("--secret") { Description = "Secret for RUN --mount=type=secret: id=NAME,src=FILE or id=NAME,env=VARIABLE; repeatable" };

        var command = new Command("build", "Build an image from a Dockerfile")
        {
            context, file, tags, target, buildArgs, platform, buildContexts, check, call, dryRun, format,
            outputs, push, load, iidFile, metadataFile, labels, quiet, progress, noCache, noCacheFilter, explainCache, cacheFrom, cacheTo, secrets, runtime, snapshotter, onFailure, ssh, pull,
        };
        registries.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var method = result.GetValue(check) ? "check" : result.GetValue(call)!;
            var json = CheckPrinter.ParseFormat(result.GetValue(format)) == CheckOutputFormat.Json;
            foreach (var tag in result.GetValue(tags) ?? [])
            {
                if (!ImageReference.TryParse(tag, out _))
                {
                    console.Error.WriteLine($"kiln: invalid tag \"{tag}\": use [registry/]repository[:tag], lower case");
                    return ExitCodes.Invalid;
                }
            }

            using var stdinContext = result.GetValue(context) == "-" && method == "build" && !result.GetValue(dryRun)
                ? await StdinContext.ReadAsync(Console.OpenStandardInput(), cancellationToken).ConfigureAwait(false)
                : null;
            var input = stdinContext switch
            {
                { DockerfileText: { } text } => new FrontendInput(new SourceFile("Dockerfile (stdin)", text), new Build.Context.DockerfileLocation(null, "Dockerfile (stdin)", string.Empty)),
                { Directory: { } directory } => await FrontendInput.ReadAsync(directory, result.GetValue(file) is { } f ? Path.Combine(directory, f) : null, console.In, cancellationToken).ConfigureAwait(false),
                _ => await FrontendInput.ReadAsync(result.GetValue(context)!, result.GetValue(file), console.In, cancellationToken).ConfigureAwait(false),
            };
            var request = new BuildRequest
            {
                BuildArgs = BuildArguments.Parse(result.GetValue(buildArgs), environment),
                Target = result.GetValue(target),
                TargetPlatform = result.GetValue(platform) is { Length: > 0 } p ? Platform.Parse(p) : Platform.Host(),
                NamedContexts = ParseNamedContexts(result.GetValue(buildContexts)),
            };
            if (method == "build" && !result.GetValue(dryRun))
            {
                var contextDirectory = stdinContext is { DockerfileText: not null } ? null : input.Location.ContextDirectory;
                var tagList = (result.GetValue(tags) ?? []).Select(t => ImageReference.Parse(t)).ToList();
                var outputSpecs = (result.GetValue(outputs) ?? []).Select(OutputSpec.Parse).ToList();
                if (result.GetValue(push))
                {
                    outputSpecs.Add(OutputSpec.Parse("type=image,push=true"));
                }

                if (result.GetValue(load))
                {
                    outputSpecs.Add(OutputSpec.Parse("type=docker"));
                }

                List<CacheSpec> cacheImports, cacheExports;
                try
                {
                    cacheImports = (result.GetValue(cacheFrom) ?? []).Select(CacheSpec.ParseImport).ToList();
                    cacheExports = (result.GetValue(cacheTo) ?? []).Select(CacheSpec.ParseExport).ToList();
                }
                catch (CacheSharingException e)
                {
                    console.Error.WriteLine($"kiln: {e.Message}");
                    return ExitCodes.Invalid;
                }

                var run = new BuildRunRequest
                {
                    Options = new BuildOptions
                    {
                        Dockerfile = input.Source,
                        DockerfilePath = input.Location.FilePath,
                        ContextDirectory = contextDirectory,
                        Request = request,
                        NamedContexts = ParseNamedContextValues(result.GetValue(buildContexts)),
                        NoCache = result.GetValue(noCache),
                        NoCacheStages = (result.GetValue(noCacheFilter) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.OrdinalIgnoreCase),
                        ExplainCache = result.GetValue(explainCache),
                        CacheFrom = cacheImports,
                        CacheTo = cacheExports,
                        Labels = ParseLabels(result.GetValue(labels)),
                        SourceDateEpoch = SourceDateEpoch(request),
                        Secrets = (result.GetValue(secrets) ?? []).Select(v => Kiln.Build.Secrets.SecretSource.Parse(v, environment)).GroupBy(s => s.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal),
                        Environment = environment,
                        Runtime = result.GetValue(runtime) ?? environment("KILN_RUNTIME"),
                        Snapshotter = result.GetValue(snapshotter) ?? environment("KILN_SNAPSHOTTER"),
                        Pull = result.GetValue(pull),
                        KeepOnFailure = result.GetValue(onFailure) == "keep",
                        Ssh = (result.GetValue(ssh) ?? []).Select(v => Kiln.Build.Ssh.SshSource.Parse(v, environment)).GroupBy(s => s.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal),
                    },
                    OpenStore = ct => store.OpenAsync(result, ct),
                    OpenRegistry = ct => registries.CreateClientAsync(result, null, ct),
                    Tags = tagList,
                    Outputs = outputSpecs,
                    IidFile = result.GetValue(iidFile),
                    MetadataFile = result.GetValue(metadataFile),
                    Quiet = result.GetValue(quiet),
                    Progress = result.GetValue(quiet) ? ProgressMode.Quiet : ProgressModeParser.Resolve(result.GetValue(progress), environment),
                    ErrorIsTerminal = !Console.IsErrorRedirected,
                    OpenStdout = Console.OpenStandardOutput,
                };
                return await new BuildRunner(console, time).RunAsync(run, cancellationToken).ConfigureAwait(false);
            }

            var analysis = new DockerfileAnalyzer().Analyze(
                input.Source, request, input.Location.ContextDirectory, input.Location.FilePath,
                wholeFile: method == "check" && request.Target is null, cancellationToken);
            CheckPrinter.PrintNotices(analysis, console);
            return method switch
            {
                "check" => CheckPrinter.Print(analysis, json ? CheckOutputFormat.Json : CheckOutputFormat.Text, console),
                "targets" => Subrequest(analysis, a => CallRenderer.Targets(PlanTargets.List(a.Syntax!), json)),
                "outline" => Subrequest(analysis, a => CallRenderer.Outline(PlanOutline.Create(a.Plan!, a.Stages), json)),
                _ => Build(analysis, result.GetValue(dryRun)),
            };
        });
        return command;
    }

    private int Subrequest(DockerfileAnalysis analysis, Func<DockerfileAnalysis, string> render)
    {
        if (analysis.Error is { } error)
        {
            console.Error.Write(DiagnosticRenderer.Render(error, analysis.Source));
            return ExitCodes.Invalid;
        }

        console.Out.Write(render(analysis));
        return ExitCodes.Success;
    }

    private int Build(DockerfileAnalysis analysis, bool dryRun)
    {
        if (analysis.Error is { } error)
        {
            console.Error.Write(DiagnosticRenderer.Render(error, analysis.Source));
            return ExitCodes.Invalid;
        }

        var checks = analysis.Checks!;
        if (dryRun)
        {
            console.Out.Write(PlanRenderer.Render(analysis));
        }

        if (checks.Findings.Count > 0)
        {
            console.Error.Write(Dockerfile.Checks.CheckReportFormatter.FormatSummary(checks));
        }

        if (checks.ToException() is { } failure)
        {
            console.Error.Write(DiagnosticRenderer.Render(failure.Diagnostic, analysis.Source));
            return ExitCodes.Findings;
        }

        if (dryRun)
        {
            return ExitCodes.Success;
        }

        return ExitCodes.Success;
    }

    private long? SourceDateEpoch(BuildRequest request)
    {
        var text = request.BuildArgs.TryGetValue("SOURCE_DATE_EPOCH", out var arg) ? arg : environment("SOURCE_DATE_EPOCH");
        return long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var epoch) ? epoch : null;
    }

    private static Dictionary<string, string> ParseNamedContextValues(string[]? values)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values ?? [])
        {
            var eq = value.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                var target = value[(eq + 1)..];
                result[value[..eq]] = NamedContextIsPath(target) ? Path.GetFullPath(target) : target;
            }
        }

        return result;
    }

    private static bool NamedContextIsPath(string value) => !value.Contains("://", StringComparison.Ordinal);

    private static Dictionary<string, string> ParseLabels(string[]? values)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values ?? [])
        {
            var eq = value.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ArgumentException($"invalid --label \"{value}\": use KEY=VALUE");
            }

            result[value[..eq]] = value[(eq + 1)..];
        }

        return result;
    }

    private static HashSet<string> ParseNamedContexts(string[]? values)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values ?? [])
        {
            var eq = value.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ArgumentException($"invalid --build-context \"{value}\": use NAME=PATH, NAME=docker-image://REF or NAME=oci-layout://DIR");
            }

            names.Add(value[..eq]);
        }

        return names;
    }
}
