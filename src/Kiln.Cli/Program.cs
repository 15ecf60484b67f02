using System.CommandLine;
using Kiln.Cli.Commands;

namespace Kiln.Cli;

/// <summary>Entry point and composition root of the <c>kiln</c> command: builds the command tree and runs it.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // Compression, hashing and tar run as blocking pipelines on pool threads; with the default minimum (one per
        // core) a blocked stage waits for thread injection (about half a second each) instead of the next chunk.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 4 * Environment.ProcessorCount + 4), io);

        var console = ConsoleStreams.System();
        Func<string, string?> environment = Environment.GetEnvironmentVariable;
        var store = new StoreAccess(environment);
        var registries = new Commands.Registry.RegistryAccess(environment);
        var root = new RootCommand("Kiln: a daemonless container image builder.")
        {
            store.Root,
            new BuildCommand(console, environment, store, TimeProvider.System, registries).Create(),
            new LintCommand(console, environment).Create(),
        };

        // Image and store commands (issue #3), one line each.
        root.Add(new Commands.Store.ImagesCommand(console, store, TimeProvider.System).Create());
        root.Add(new Commands.Store.TagCommand(console, store).Create());
        root.Add(new Commands.Store.RmiCommand(console, store).Create());
        root.Add(new Commands.Store.InspectCommand(console, store).Create());
        root.Add(new Commands.Store.HistoryCommand(console, store, TimeProvider.System).Create());
        root.Add(new Commands.Store.PruneCommand(console, store).Create());
        root.Add(new Commands.Store.SystemCommand(console, store).Create());
        root.Add(new Commands.Images.SaveCommand(console, store).Create());
        root.Add(new Commands.Images.LoadCommand(console, store).Create());
        root.Add(new Commands.Images.ImportCommand(console, store, environment).Create());
        root.Add(new Commands.Images.ExportCommand(console, store).Create());
        root.Add(new RunCommand(console, store).Create());
        root.Add(new DebugCommand(console, store).Create());

        // Registry commands (issue #6).
        root.Add(new Commands.Registry.LoginCommand(console, registries).Create());
        root.Add(new Commands.Registry.LogoutCommand(console, registries).Create());
        root.Add(new Commands.Registry.PullCommand(console, store, registries).Create());
        root.Add(new Commands.Registry.PushCommand(console, store, registries).Create());

        try
        {
            return await root.Parse(RunCommand.SeparateCommand(args, "run", "debug")).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or IOException or UnauthorizedAccessException)
        {
            // Bad command-line values and missing files are the user's to fix: one clear line, no stack trace.
            await console.Error.WriteLineAsync("kiln: " + e.Message).ConfigureAwait(false);
            return ExitCodes.Invalid;
        }
        catch (OperationCanceledException)
        {
            await console.Error.WriteLineAsync("kiln: cancelled").ConfigureAwait(false);
            return 130;
        }
    }
}
