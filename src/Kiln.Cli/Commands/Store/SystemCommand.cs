using System.CommandLine;

namespace Kiln.Cli.Commands.Store;

/// <summary><c>kiln system</c>: the store's management commands, <c>df</c> (<see cref="SystemDfCommand"/>) and <c>check</c> (<see cref="SystemCheckCommand"/>).</summary>
internal sealed class SystemCommand(ConsoleStreams console, StoreAccess store)
{
    public Command Create() => new("system", "Manage the local store")
    {
        new SystemDfCommand(console, store).Create(),
        new SystemCheckCommand(console, store).Create(),
    };
}
