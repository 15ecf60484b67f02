using System.CommandLine;
using Kiln.Build.Frontend;
using Kiln.Cli.Rendering;
using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Planning;
using Kiln.Oci;

namespace Kiln.Cli.Commands;

/// <summary>
/// <c>kiln build [options] CONTEXT</c>: docker-compatible build command. Today it runs the frontend: build
/// checks (<c>--check</c>, <c>--call=check</c>), the plan (<c>--dry-run</c>) and the subrequests
/// <c>--call=targets|outline</c>. Executing the plan arrives with the build engine.
/// </summary>
internal sealed class BuildCommand(ConsoleStreams console, Func<string, string?> environment)
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

        var command = new Command("build", "Build an image from a Dockerfile")
        {
            context, file, tags, target, buildArgs, platform, buildContexts, check, call, dryRun, format,
        };
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

            var input = await FrontendInput.ReadAsync(result.GetValue(context)!, result.GetValue(file), console.In, cancellationToken).ConfigureAwait(false);
            var request = new BuildRequest
            {
                BuildArgs = BuildArguments.Parse(result.GetValue(buildArgs), environment),
                Target = result.GetValue(target),
                TargetPlatform = result.GetValue(platform) is { Length: > 0 } p ? Platform.Parse(p) : Platform.Host(),
                NamedContexts = ParseNamedContexts(result.GetValue(buildContexts)),
            };
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

        console.Error.WriteLine(
            "kiln: the Dockerfile was checked and planned, but this version of Kiln cannot execute builds yet " +
            "(the build engine is issue #4); use --dry-run to see the plan.");
        return ExitCodes.NotAvailable;
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
