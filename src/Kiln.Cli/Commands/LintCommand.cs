using System.CommandLine;
using Kiln.Build.Frontend;
using Kiln.Dockerfile.Planning;

namespace Kiln.Cli.Commands;

/// <summary>
/// <c>kiln lint [--format text|json] [-f FILE] [PATH]</c>: runs every build check on a Dockerfile without
/// building (CALL-CHECK). PATH is a Dockerfile or a context directory. Exit 0 clean, 1 findings, 2 invalid.
/// </summary>
internal sealed class LintCommand(ConsoleStreams console, Func<string, string?> environment)
{
    public Command Create()
    {
        var path = new Argument<string>("PATH") { Description = "A Dockerfile, or a build context directory holding one", DefaultValueFactory = _ => "." };
        var file = new Option<string?>("--file", "-f") { Description = "Name of the Dockerfile (default: PATH/Dockerfile; - reads stdin)" };
        var format = new Option<string>("--format") { Description = "Output format: text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var buildArgs = new Option<string[]>("--build-arg") { Description = "Build-time variable NAME=VALUE (or NAME from the environment)" };
        var target = new Option<string?>("--target") { Description = "Check only the stages this target needs" };

        var command = new Command("lint", "Run the build checks on a Dockerfile (like docker build --check)") { path, file, format, buildArgs, target };
        command.SetAction(async (result, cancellationToken) =>
        {
            var outputFormat = CheckPrinter.ParseFormat(result.GetValue(format));
            var input = await FrontendInput.ReadAsync(result.GetValue(path)!, result.GetValue(file), console.In, cancellationToken).ConfigureAwait(false);
            var request = new BuildRequest
            {
                BuildArgs = BuildArguments.Parse(result.GetValue(buildArgs), environment),
                Target = result.GetValue(target),
            };
            var analysis = new DockerfileAnalyzer().Analyze(
                input.Source, request, input.Location.ContextDirectory, input.Location.FilePath, wholeFile: request.Target is null, cancellationToken);
            CheckPrinter.PrintNotices(analysis, console);
            return CheckPrinter.Print(analysis, outputFormat, console);
        });
        return command;
    }
}
