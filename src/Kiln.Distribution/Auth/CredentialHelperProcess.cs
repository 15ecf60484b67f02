using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace Kiln.Distribution.Auth;

/// <summary>
/// Runs a docker credential helper (<c>docker-credential-&lt;name&gt;</c> on PATH; docker-credential-helpers protocol):
/// <c>get</c> with the server URL on stdin and JSON out, <c>store</c> with JSON in, <c>erase</c> with the server URL.
/// "credentials not found in native keychain" from <c>get</c> means none.
/// </summary>
public sealed class CredentialHelperProcess(string helperName, Func<string, string?>? environment = null)
{
    private const string NotFound = "credentials not found in native keychain";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The program run: <c>docker-credential-&lt;name&gt;</c>.</summary>
    public string Program => "docker-credential-" + helperName;

    /// <summary>The stored credential for <paramref name="serverUrl"/>, or null when the helper has none.</summary>
    public async Task<RegistryCredential?> GetAsync(string serverUrl, CancellationToken cancellationToken = default)
    {
        var (exitCode, stdout, stderr) = await RunAsync("get", serverUrl, cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            if ((stdout + stderr).Contains(NotFound, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            throw new CredentialHelperException($"{Program} get {serverUrl} failed (exit {exitCode}): {Trim(stderr, stdout)}");
        }

        CredentialHelperOutput? output;
        try
        {
            output = JsonSerializer.Deserialize(stdout, DistributionJsonContext.Default.CredentialHelperOutput);
        }
        catch (JsonException)
        {
            throw new CredentialHelperException($"{Program} get {serverUrl} printed something that is not credentials JSON");
        }

        if (output is null || string.IsNullOrEmpty(output.Secret))
        {
            return null;
        }

        return output.Username == "<token>"
            ? new RegistryCredential(null, null, output.Secret)
            : new RegistryCredential(output.Username, output.Secret);
    }

    /// <summary>Stores a username and secret (password or identity token, then with username <c>&lt;token&gt;</c>).</summary>
    public async Task StoreAsync(string serverUrl, RegistryCredential credential, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var input = credential.IdentityToken is { Length: > 0 } token
            ? new CredentialHelperInput(serverUrl, "<token>", token)
            : new CredentialHelperInput(serverUrl, credential.Username ?? string.Empty, credential.Password ?? string.Empty);
        var (exitCode, stdout, stderr) = await RunAsync("store", JsonSerializer.Serialize(input, DistributionJsonContext.Default.CredentialHelperInput), cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new CredentialHelperException($"{Program} store failed (exit {exitCode}): {Trim(stderr, stdout)}");
        }
    }

    /// <summary>Removes the credential for <paramref name="serverUrl"/>; a helper that has none is not an error.</summary>
    public async Task EraseAsync(string serverUrl, CancellationToken cancellationToken = default)
    {
        var (exitCode, stdout, stderr) = await RunAsync("erase", serverUrl, cancellationToken).ConfigureAwait(false);
        if (exitCode != 0 && !(stdout + stderr).Contains(NotFound, StringComparison.OrdinalIgnoreCase))
        {
            throw new CredentialHelperException($"{Program} erase {serverUrl} failed (exit {exitCode}): {Trim(stderr, stdout)}");
        }
    }

    private static string Trim(string stderr, string stdout)
    {
        var text = (stderr.Length > 0 ? stderr : stdout).Trim();
        return text.Length > 300 ? text[..300] + "..." : text;
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string action, string input, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Resolve())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(action);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new CredentialHelperException($"{Program} could not be started");
        }
        catch (Win32Exception e)
        {
            throw new CredentialHelperException($"{Program} is not installed or not executable (configured in the docker config's credsStore/credHelpers): {e.Message}", e);
        }

        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), timeout.Token).ConfigureAwait(false);
                process.StandardInput.Close();
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                if (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }

                throw new CredentialHelperException($"{Program} {action} did not finish within {Timeout.TotalSeconds} seconds");
            }
            catch (IOException)
            {
                // The helper exited without reading stdin; its exit code says what happened.
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }

            return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
    }

    /// <summary>Finds the helper on <c>$PATH</c> (the environment function may give a different PATH than the process').</summary>
    private string Resolve()
    {
        var path = environment?.Invoke("PATH");
        if (string.IsNullOrEmpty(path))
        {
            return Program;
        }

        foreach (var directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, Program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return Program;
    }
}
