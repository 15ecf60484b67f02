using Kiln.Storage.Errors;

namespace Kiln.Cli.Commands.Store;

/// <summary>
/// How the image commands report a name that finds no image, in Docker's words: <c>Error: No such image: NAME</c> (exit 1),
/// an ambiguous ID prefix (exit 1) and an argument that is no reference at all (exit 2).
/// </summary>
internal static class ImageErrors
{
    /// <summary>True for the errors <see cref="Report"/> handles: nothing or several images match.</summary>
    public static bool IsLookupFailure(Exception error) => error is ImageNotFoundException or AmbiguousImageIdException;

    /// <summary>Writes the error of a failed lookup of <paramref name="name"/> and returns the exit code (1).</summary>
    public static int Report(ConsoleStreams console, string name, Exception error) =>
        Write(console, error is AmbiguousImageIdException ? "Error: " + error.Message : "Error: No such image: " + name, ExitCodes.Findings);

    /// <summary>Writes an invalid-reference error for <paramref name="name"/> (exit 2) when it cannot name an image; null when it can.</summary>
    public static int? ReportInvalid(ConsoleStreams console, string name) =>
        ImageArguments.Validate(name) is { } problem ? Write(console, $"Error: \"{name}\": {problem}", ExitCodes.Invalid) : null;

    /// <summary>Writes <paramref name="message"/> to stderr and returns <paramref name="exitCode"/>.</summary>
    public static int Write(ConsoleStreams console, string message, int exitCode)
    {
        console.Error.WriteLine(message);
        return exitCode;
    }
}
