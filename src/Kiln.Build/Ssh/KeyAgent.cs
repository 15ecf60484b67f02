using System.ComponentModel;
using System.Diagnostics;

namespace Kiln.Build.Ssh;

/// <summary>
/// An <c>ssh-agent</c> (OpenSSH) Kiln runs for one RUN step with the <c>--ssh ID=KEY</c> keys added, listening on a socket
/// in the step's private directory; dispose stops it. The keys only ever live in the agent's memory.
/// </summary>
public sealed class KeyAgent : IDisposable
{
    private readonly Process _agent;

    private KeyAgent(Process agent, string socket)
    {
        _agent = agent;
        Socket = socket;
    }

    /// <summary>The agent's socket.</summary>
    public string Socket { get; }

    /// <exception cref="InvalidOperationException">ssh-agent or ssh-add is missing, or a key could not be added.</exception>
    public static async Task<KeyAgent> StartAsync(string socket, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var agent = Start("ssh-agent", ["-D", "-a", socket], null);
        var ready = false;
        try
        {
            for (var i = 0; i < 200 && !File.Exists(socket); i++)
            {
                if (agent.HasExited)
                {
                    throw new InvalidOperationException("ssh-agent exited: " + await agent.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false));
                }

                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            }

            foreach (var key in keys)
            {
                using var add = Start("ssh-add", ["-q", key], socket);
                var error = await add.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                await add.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                if (add.ExitCode != 0)
                {
                    throw new InvalidOperationException($"ssh-add {key}: {error.Trim()}");
                }
            }

            ready = true;
            return new KeyAgent(agent, socket);
        }
        finally
        {
            if (!ready)
            {
                agent.Kill();
                agent.Dispose();
            }
        }
    }

    public void Dispose()
    {
        if (!_agent.HasExited)
        {
            _agent.Kill();
            _agent.WaitForExit(TimeSpan.FromSeconds(5));
        }

        _agent.Dispose();
    }

    private static Process Start(string file, IReadOnlyList<string> arguments, string? socket)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (socket is not null)
        {
            start.Environment["SSH_AUTH_SOCK"] = socket;
        }

        start.Environment.Remove("DISPLAY");
        start.Environment.Remove("SSH_ASKPASS");
        try
        {
            var process = Process.Start(start) ?? throw new InvalidOperationException(file + " did not start");
            process.StandardInput.Close();
            return process;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{file} is needed for --ssh with key files: apt-get install openssh-client ({e.Message})", e);
        }
    }
}
