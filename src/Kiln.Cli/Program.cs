using System.CommandLine;

namespace Kiln.Cli;

/// <summary>Entry point of the <c>kiln</c> command: builds the command tree and runs it.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("Kiln: a daemonless container image builder.");
        var parse = root.Parse(args);
        return await parse.InvokeAsync().ConfigureAwait(false);
    }
}
