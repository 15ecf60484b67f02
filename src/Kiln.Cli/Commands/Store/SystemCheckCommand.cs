using System.CommandLine;
using Kiln.Cli.Rendering;

namespace Kiln.Cli.Commands.Store;

/// <summary>
/// <c>kiln system check</c> (issue 3 "Acceptance": verifies every blob digest and every reference): exit 0 with
/// <c>store is consistent</c>, or exit 1 with one line per problem on stdout (kind, file or reference, details).
/// </summary>
internal sealed class SystemCheckCommand(ConsoleStreams console, StoreAccess store)
{
    public Command Create()
    {
        var command = new Command("check", "Verify every blob digest and every reference of the local store");
        command.SetAction(async (result, cancellationToken) =>
        {
            var local = await store.OpenAsync(result, cancellationToken).ConfigureAwait(false);
            var report = await local.CheckAsync(cancellationToken).ConfigureAwait(false);
            var summary = $"{report.BlobsChecked} blobs ({StoreFormat.HumanSize(report.BytesChecked, 4)}) and {report.ReferencesChecked} references checked";
            if (report.IsClean)
            {
                await console.Out.WriteLineAsync("store is consistent: " + summary).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            foreach (var problem in report.Problems)
            {
                await console.Out.WriteLineAsync(problem.ToString()).ConfigureAwait(false);
            }

            await console.Error.WriteLineAsync($"kiln: the store has {report.Problems.Count} problem(s): {summary}").ConfigureAwait(false);
            return ExitCodes.Findings;
        });
        return command;
    }
}
