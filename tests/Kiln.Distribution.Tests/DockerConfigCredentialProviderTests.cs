using System.Runtime.Versioning;
using System.Text;
using System.Text.Json.Nodes;
using Kiln.Distribution.Auth;
using Kiln.Testing;

namespace Kiln.Distribution.Tests;

[SupportedOSPlatform("linux")]
public sealed class DockerConfigCredentialProviderTests : IDisposable
{
    private readonly TempDirectory _home = new("kiln-dockercfg");

    private string ConfigDirectory => Path.Combine(_home.Path, "docker");

    private string ConfigPath => Path.Combine(ConfigDirectory, "config.json");

    public void Dispose() => _home.Dispose();

    private DockerConfigCredentialProvider Provider(string? path = null) => new(name => name switch
    {
        "DOCKER_CONFIG" => ConfigDirectory,
        "HOME" => _home.Path,
        "PATH" => path ?? Environment.GetEnvironmentVariable("PATH"),
        _ => null,
    });

    private void WriteConfig(string json)
    {
        Directory.CreateDirectory(ConfigDirectory);
        File.WriteAllText(ConfigPath, json);
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task Reads_base64_auth_username_password_and_identity_tokens()
    {
        WriteConfig($$"""
            {
              "auths": {
                "registry.example:5000": { "auth": "{{Base64("alice:pa:ss")}}" },
                "https://index.docker.io/v1/": { "username": "bob", "password": "hub-pass" },
                "https://tokens.example/v1/": { "auth": "{{Base64("carol:")}}", "identitytoken": "refresh-123" }
              }
            }
            """);
        var provider = Provider();
        Assert.Equal(new RegistryCredential("alice", "pa:ss"), await provider.GetAsync("registry.example:5000"));
        Assert.Equal(new RegistryCredential("bob", "hub-pass"), await provider.GetAsync("docker.io"));
        Assert.Equal(new RegistryCredential("carol", null, "refresh-123"), await provider.GetAsync("tokens.example"));
        Assert.Null(await provider.GetAsync("elsewhere.example"));
    }

    [Fact]
    public async Task Honours_DOCKER_CONFIG_and_falls_back_to_HOME()
    {
        Assert.Equal(ConfigPath, Provider().ConfigPath);
        var homeOnly = new DockerConfigCredentialProvider(name => name == "HOME" ? "/home/someone" : null);
        Assert.Equal("/home/someone/.docker/config.json", homeOnly.ConfigPath);
        Assert.Null(await Provider().GetAsync("nothing.example"));
    }

    [Fact]
    public async Task Store_writes_mode_0600_atomically_and_keeps_unknown_fields()
    {
        WriteConfig("""{ "auths": { "other.example": { "auth": "eDp5" } }, "psFormat": "table {{.ID}}", "proxies": { "default": { "httpProxy": "http://p" } } }""");
        var provider = Provider();
        var where = await provider.StoreAsync("127.0.0.1:5000", new RegistryCredential("kiln", "secret"));
        Assert.Equal(ConfigPath, where);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ConfigPath));
        var json = JsonNode.Parse(File.ReadAllText(ConfigPath))!;
        Assert.Equal("table {{.ID}}", (string?)json["psFormat"]);
        Assert.Equal("http://p", (string?)json["proxies"]!["default"]!["httpProxy"]);
        Assert.Equal("eDp5", (string?)json["auths"]!["other.example"]!["auth"]);
        Assert.Equal(Base64("kiln:secret"), (string?)json["auths"]!["127.0.0.1:5000"]!["auth"]);
        Assert.Equal(new RegistryCredential("kiln", "secret"), await provider.GetAsync("127.0.0.1:5000"));
        Assert.Equal([ConfigPath], Directory.GetFiles(ConfigDirectory));

        Assert.True(await provider.EraseAsync("127.0.0.1:5000"));
        Assert.False(await provider.EraseAsync("127.0.0.1:5000"));
        Assert.Null(await provider.GetAsync("127.0.0.1:5000"));
        Assert.Equal("eDp5", (string?)JsonNode.Parse(File.ReadAllText(ConfigPath))!["auths"]!["other.example"]!["auth"]);
    }

    [Fact]
    public async Task Store_creates_the_directory_and_file_when_missing_and_docker_hub_uses_its_v1_key()
    {
        await Provider().StoreAsync("docker.io", new RegistryCredential("hubuser", "hubpass"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ConfigPath));
        var json = JsonNode.Parse(File.ReadAllText(ConfigPath))!;
        Assert.NotNull(json["auths"]!["https://index.docker.io/v1/"]);
    }

    [Fact]
    public async Task A_broken_auth_entry_is_reported_without_the_secret()
    {
        WriteConfig("""{ "auths": { "bad.example": { "auth": "%%hunter2%%" } } }""");
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Provider().GetAsync("bad.example"));
        Assert.Contains("bad.example", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credential_helpers_get_store_and_erase_through_the_helper_protocol()
    {
        var bin = Path.Combine(_home.Path, "bin");
        var store = Path.Combine(_home.Path, "helper-store");
        Directory.CreateDirectory(bin);
        Directory.CreateDirectory(store);
        var script = Path.Combine(bin, "docker-credential-test");

        // A tiny helper keeping one file per server URL (docker-credential-helpers protocol).
        File.WriteAllText(script, $$"""
            #!/bin/sh
            dir='{{store}}'
            case "$1" in
              get) read -r url; f="$dir/$(printf %s "$url" | tr '/:' '__')"
                   if [ -f "$f" ]; then cat "$f"; else echo "credentials not found in native keychain"; exit 1; fi ;;
              store) json=$(cat); url=$(printf %s "$json" | sed 's/.*"ServerURL":"\([^"]*\)".*/\1/')
                   printf %s "$json" > "$dir/$(printf %s "$url" | tr '/:' '__')" ;;
              erase) read -r url; rm -f "$dir/$(printf %s "$url" | tr '/:' '__')" ;;
              *) exit 2 ;;
            esac
            """.Replace("\r", string.Empty, StringComparison.Ordinal));
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        WriteConfig("""{ "credHelpers": { "helped.example:5000": "test" }, "auths": { "plain.example": { "auth": "dTpw" } } }""");
        var provider = Provider(bin + ":" + Environment.GetEnvironmentVariable("PATH"));

        Assert.Null(await provider.GetAsync("helped.example:5000"));
        var where = await provider.StoreAsync("helped.example:5000", new RegistryCredential("helper-user", "helper-secret"));
        Assert.Equal("docker-credential-test", where);
        Assert.DoesNotContain("helper-secret", File.ReadAllText(ConfigPath), StringComparison.Ordinal);
        Assert.Equal(new RegistryCredential("helper-user", "helper-secret"), await provider.GetAsync("helped.example:5000"));
        Assert.Equal(new RegistryCredential("u", "p"), await provider.GetAsync("plain.example"));

        Assert.True(await provider.EraseAsync("helped.example:5000"));
        Assert.Null(await provider.GetAsync("helped.example:5000"));
    }

    [Fact]
    public async Task A_missing_helper_is_a_clear_error()
    {
        WriteConfig("""{ "credsStore": "does-not-exist-kiln" }""");
        var error = await Assert.ThrowsAsync<CredentialHelperException>(() => Provider("/nonexistent").GetAsync("x.example"));
        Assert.Contains("docker-credential-does-not-exist-kiln", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_never_print_their_secret()
    {
        Assert.DoesNotContain("hunter2", new RegistryCredential("me", "hunter2").ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("tok", new RegistryCredential(null, null, "tok").ToString().Replace("token", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
