using Kiln.Distribution.Auth;
using Kiln.Distribution.Errors;
using Kiln.Storage.Errors;

namespace Kiln.Cli.Commands.Registry;

/// <summary>How the registry commands report failures: one line <c>kiln: COMMAND: message</c>, exit 1.</summary>
internal static class RegistryErrors
{
    /// <summary>True for the failures reported as one line (registry, store, credential helper, I/O, bad config).</summary>
    public static bool IsReportable(Exception error) =>
        error is RegistryException or StoreException or CredentialHelperException or IOException or InvalidDataException or UnauthorizedAccessException;

    public static int Report(ConsoleStreams console, string command, Exception error)
    {
        console.Error.WriteLine($"kiln: {command}: {error.Message}");
        return ExitCodes.Findings;
    }
}
