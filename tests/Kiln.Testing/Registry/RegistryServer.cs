using System.Diagnostics;
using System.Net;

namespace Kiln.Testing.Registry;

/// <summary>
/// A real Debian <c>docker-registry</c> (distribution 2.8) on a free 127.0.0.1 port, in one of the
/// <see cref="RegistryServerMode"/>s: plain HTTP, htpasswd Basic auth (bcrypt, from apache2-utils' <c>htpasswd -Bbn</c>),
/// TLS with a self-signed openssl certificate (SAN IP:127.0.0.1, DNS:localhost) plus Basic auth, or Bearer tokens from a
/// <see cref="TokenServer"/>. Waits for <c>/v2/</c>; killed and its storage deleted on dispose. Fails (never skips) when
/// the registry is not installed.
/// </summary>
public sealed class RegistryServer : IAsyncDisposable
{
    public const string RegistryPath = "/usr/bin/docker-registry";
    public const string Username = "kiln";
    public const string Password = "s3cret-kiln-pass";

    private readonly TempDirectory _directory;
    private readonly Process _process;

    private RegistryServer(RegistryServerMode mode, TempDirectory directory, Process process, int port, TokenServer? tokenServer)
    {
        Mode = mode;
        _directory = directory;
        _process = process;
        Port = port;
        TokenServer = tokenServer;
    }

    public RegistryServerMode Mode { get; }

    public int Port { get; }

    /// <summary><c>127.0.0.1:PORT</c>, the registry part of image references.</summary>
    public string Host => "127.0.0.1:" + Port;

    /// <summary>A directory holding the TLS certificate as <c>ca.crt</c> (the <c>--cert-dir</c> layout); null unless TLS.</summary>
    public string? CertDirectory => Mode == RegistryServerMode.Tls ? Path.Combine(_directory.Path, "certs") : null;

    /// <summary>A certs.d-style root: <c>ROOT/127.0.0.1:PORT/ca.crt</c>; null unless TLS.</summary>
    public string? CertRoot => Mode == RegistryServerMode.Tls ? Path.Combine(_directory.Path, "certs.d") : null;

    /// <summary>The token server of <see cref="RegistryServerMode.Token"/>.</summary>
    public TokenServer? TokenServer { get; }

    /// <summary>True when the mode requires credentials.</summary>
    public bool RequiresAuth => Mode != RegistryServerMode.Plain;

    public static async Task<RegistryServer> StartAsync(RegistryServerMode mode, CancellationToken cancellationToken = default)
    {
        ExternalTool.Require(RegistryPath, "docker-registry");
        var directory = new TempDirectory("kiln-registry");
        TokenServer? tokenServer = null;
        try
        {
            var authYaml = string.Empty;
            var tlsYaml = string.Empty;
            if (mode is RegistryServerMode.Basic or RegistryServerMode.Tls)
            {
                ExternalTool.Require("/usr/bin/htpasswd", "apache2-utils");
                var htpasswd = ExternalTool.Run("/usr/bin/htpasswd", "-Bbn", Username, Password);
                var file = directory.WriteFile("auth/htpasswd", htpasswd);
                authYaml = $"auth:\n  htpasswd:\n    realm: kiln-test\n    path: {file}\n";
            }

            if (mode == RegistryServerMode.Tls)
            {
                ExternalTool.Require("/usr/bin/openssl", "openssl");
                var key = Path.Combine(directory.Path, "tls", "key.pem");
                var cert = Path.Combine(directory.Path, "tls", "cert.pem");
                Directory.CreateDirectory(Path.GetDirectoryName(key)!);
                ExternalTool.Run("/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost");
                tlsYaml = $"  tls:\n    certificate: {cert}\n    key: {key}\n";
                directory.WriteFile("certs/ca.crt", File.ReadAllText(cert));
            }

            if (mode == RegistryServerMode.Token)
            {
                tokenServer = TokenServer.Start(Username, Password, directory.Path);
                authYaml = $"auth:\n  token:\n    realm: {tokenServer.Realm}\n    service: {TokenServer.Service}\n    issuer: {TokenServer.Issuer}\n    rootcertbundle: {tokenServer.RootCertBundle}\n";
            }

            for (var attempt = 0; ; attempt++)
            {
                var port = ExternalTool.FreePort();
                if (mode == RegistryServerMode.Tls)
                {
                    directory.WriteFile(Path.Combine("certs.d", "127.0.0.1:" + port, "ca.crt"), File.ReadAllText(Path.Combine(directory.Path, "certs", "ca.crt")));
                }

                var config = directory.WriteFile("config.yml",
                    $"version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: {Path.Combine(directory.Path, "data")}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:{port}\n{tlsYaml}{authYaml}");
                var start = new ProcessStartInfo(RegistryPath) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
                start.ArgumentList.Add("serve");
                start.ArgumentList.Add(config);
                var process = Process.Start(start) ?? throw new InvalidOperationException("docker-registry did not start");
                var stderr = new System.Text.StringBuilder();
                process.ErrorDataReceived += (_, e) => { lock (stderr) { stderr.AppendLine(e.Data); } };
                process.OutputDataReceived += (_, e) => { };
                process.BeginErrorReadLine();
                process.BeginOutputReadLine();
                var server = new RegistryServer(mode, directory, process, port, tokenServer);
                if (await server.WaitReadyAsync(cancellationToken).ConfigureAwait(false))
                {
                    return server;
                }

                process.Kill();
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                process.Dispose();
                if (attempt >= 2)
                {
                    string log;
                    lock (stderr)
                    {
                        log = stderr.ToString();
                    }

                    throw new InvalidOperationException("docker-registry did not become ready: " + log);
                }
            }
        }
        catch
        {
            tokenServer?.Dispose();
            directory.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        TokenServer?.Dispose();
        _directory.Dispose();
    }

    private async Task<bool> WaitReadyAsync(CancellationToken cancellationToken)
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        var uri = new Uri((Mode == RegistryServerMode.Tls ? "https://" : "http://") + Host + "/v2/");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                return false;
            }

            try
            {
                using var response = await client.GetAsync(uri, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    // Another server that won a race for the port would answer too; ours would then exit on bind.
                    await Task.Delay(100, cancellationToken).ConfigureAwait(false);
                    return !_process.HasExited;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(25, cancellationToken).ConfigureAwait(false);
        }

        return false;
    }
}
