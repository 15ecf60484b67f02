using System.CommandLine;

namespace Kiln.Cli.Commands.Registry;

/// <summary><c>kiln logout [REGISTRY]</c> (<c>docker logout</c>): removes the saved credentials (config.json and credential helper).</summary>
internal sealed class LogoutCommand(ConsoleStreams console, RegistryAccess access)
{
    public Command Create()
    {
        var registry = new Argument<string?>("SERVER") { Description = "The registry (host[:port]); Docker Hub when omitted", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("logout", "Log out from a registry (removes the saved credentials)") { registry };
        command.SetAction(async (result, cancellationToken) =>
        {
            var server = RegistryAccess.NormalizeRegistry(result.GetValue(registry));
            try
            {
                if (await access.Credentials.EraseAsync(server, cancellationToken).ConfigureAwait(false))
                {
                    await console.Out.WriteLineAsync($"Removing login credentials for {server}").ConfigureAwait(false);
                }
                else
                {
                    await console.Out.WriteLineAsync($"Not logged in to {server}").ConfigureAwait(false);
                }

                return ExitCodes.Success;
            }
            catch (Exception e) when (RegistryErrors.IsReportable(e))
            {
                return RegistryErrors.Report(console, "logout", e);
            }
        });
        return command;
    }
}
