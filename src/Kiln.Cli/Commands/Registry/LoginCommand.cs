using System.CommandLine;
using System.Text;
using Kiln.Distribution.Auth;

namespace Kiln.Cli.Commands.Registry;

/// <summary>
/// <c>kiln login [-u USER] [--password-stdin | -p PASSWORD] [REGISTRY]</c> (<c>docker login</c>): checks the credentials
/// against the registry's <c>/v2/</c> (through its Basic or token auth) and only then saves them in docker's config.json
/// (or its credential helper). Prompts on a terminal for what is missing. Docker Hub when no registry is given.
/// </summary>
internal sealed class LoginCommand(ConsoleStreams console, RegistryAccess access)
{
    public Command Create()
    {
        var registry = new Argument<string?>("SERVER") { Description = "The registry (host[:port]); Docker Hub when omitted", Arity = ArgumentArity.ZeroOrOne };
        var username = new Option<string?>("--username", "-u") { Description = "Username" };
        var password = new Option<string?>("--password", "-p") { Description = "Password (insecure: visible in the process list and shell history; prefer --password-stdin)" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input" };
        var command = new Command("login", "Log in to a registry (saves the credentials in docker's config.json)") { registry, username, password, passwordStdin };
        access.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var server = RegistryAccess.NormalizeRegistry(result.GetValue(registry));
            var user = result.GetValue(username);
            var secret = result.GetValue(password);
            if (secret is not null && result.GetValue(passwordStdin))
            {
                await console.Error.WriteLineAsync("kiln: login: --password and --password-stdin are mutually exclusive").ConfigureAwait(false);
                return ExitCodes.Invalid;
            }

            if (secret is not null)
            {
                await console.Error.WriteLineAsync("WARNING! Using --password via the CLI is insecure. Use --password-stdin.").ConfigureAwait(false);
            }

            if (result.GetValue(passwordStdin))
            {
                if (string.IsNullOrEmpty(user))
                {
                    await console.Error.WriteLineAsync("kiln: login: must provide --username with --password-stdin").ConfigureAwait(false);
                    return ExitCodes.Invalid;
                }

                secret = (await console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false)).TrimEnd('\n', '\r');
            }

            if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(secret))
            {
                if (Console.IsInputRedirected)
                {
                    await console.Error.WriteLineAsync("kiln: login: cannot perform an interactive login from a non-terminal; use --username and --password-stdin").ConfigureAwait(false);
                    return ExitCodes.Invalid;
                }

                if (string.IsNullOrEmpty(user))
                {
                    await console.Out.WriteAsync("Username: ").ConfigureAwait(false);
                    user = (await console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false))?.Trim();
                }

                if (string.IsNullOrEmpty(secret))
                {
                    await console.Out.WriteAsync("Password: ").ConfigureAwait(false);
                    secret = ReadHidden();
                    await console.Out.WriteLineAsync().ConfigureAwait(false);
                }
            }

            if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(secret))
            {
                await console.Error.WriteLineAsync("kiln: login: username and password are required").ConfigureAwait(false);
                return ExitCodes.Invalid;
            }

            var credential = new RegistryCredential(user, secret);
            try
            {
                using (var client = await access.CreateClientAsync(result, new StaticCredentialProvider(credential), cancellationToken).ConfigureAwait(false))
                {
                    await client.CheckAccessAsync(server, cancellationToken).ConfigureAwait(false);
                }

                var where = await access.Credentials.StoreAsync(server, credential, cancellationToken).ConfigureAwait(false);
                await console.Out.WriteLineAsync($"Credentials saved in {where}").ConfigureAwait(false);
                await console.Out.WriteLineAsync("Login Succeeded").ConfigureAwait(false);
                return ExitCodes.Success;
            }
            catch (Exception e) when (RegistryErrors.IsReportable(e))
            {
                return RegistryErrors.Report(console, "login", e);
            }
        });
        return command;
    }

    /// <summary>Reads a line from the terminal without echoing it.</summary>
    private static string ReadHidden()
    {
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }

                continue;
            }

            if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
    }
}
