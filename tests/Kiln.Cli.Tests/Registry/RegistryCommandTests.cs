using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kiln.Testing.Registry;
using static Kiln.Cli.Tests.Images.ImageInteropTestsSupport;

namespace Kiln.Cli.Tests.Registry;

/// <summary><c>kiln login/logout/pull/push</c> against the real docker-registry, with skopeo as the independent client.</summary>
[SupportedOSPlatform("linux")]
public sealed partial class RegistryCommandTests
{
    [GeneratedRegex(@"^1\.0: digest: (sha256:[0-9a-f]{64}) size: (\d+)$", RegexOptions.Multiline)]
    private static partial Regex PushedDigest();

    [Fact]
    public async Task Login_verifies_before_saving_to_a_0600_config_and_logout_removes_it()
    {
        await using var server = await RegistryServer.StartAsync(RegistryServerMode.Basic);
        using var cli = new RegistryCli();

        var wrong = cli.KilnIn(cli.Store(), "not-the-password\n", "login", "-u", RegistryServer.Username, "--password-stdin", server.Host);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("login failed", wrong.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", wrong.Stderr + wrong.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(cli.DockerConfigPath));

        var login = Ok(cli.KilnIn(cli.Store(), RegistryServer.Password + "\n", "login", "--username", RegistryServer.Username, "--password-stdin", server.Host), "kiln login");
        Assert.Contains("Login Succeeded", login.Stdout, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cli.DockerConfigPath));
        var auth = (string?)JsonNode.Parse(File.ReadAllText(cli.DockerConfigPath))!["auths"]![server.Host]!["auth"];
        Assert.Equal(RegistryServer.Username + ":" + RegistryServer.Password, System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(auth!)));

        // The saved credentials serve push and pull.
        var image = $"{server.Host}/kiln/private:1.0";
        cli.LoadImage(cli.Store(), image, "private");
        Ok(cli.Kiln("push", image), "kiln push");
        Ok(cli.KilnIn(cli.Store("other"), null, "pull", image), "kiln pull");

        var insecureFlag = cli.KilnIn(cli.Store(), null, "login", "-u", RegistryServer.Username, "-p", RegistryServer.Password, server.Host);
        Ok(insecureFlag, "kiln login -p");
        Assert.Contains("WARNING! Using --password via the CLI is insecure", insecureFlag.Stderr, StringComparison.Ordinal);

        var logout = Ok(cli.Kiln("logout", server.Host), "kiln logout");
        Assert.Contains("Removing login credentials for " + server.Host, logout.Stdout, StringComparison.Ordinal);
        Assert.Null(JsonNode.Parse(File.ReadAllText(cli.DockerConfigPath))!["auths"]![server.Host]);
        Assert.Contains("Not logged in", Ok(cli.Kiln("logout", server.Host), "second logout").Stdout, StringComparison.Ordinal);

        var anonymous = cli.KilnIn(cli.Store("third"), null, "pull", image);
        Assert.Equal(1, anonymous.ExitCode);
        Assert.Contains($"run `kiln login {server.Host}`", anonymous.Stderr, StringComparison.Ordinal);

        var noTerminal = cli.KilnIn(cli.Store(), string.Empty, "login", server.Host);
        Assert.Equal(2, noTerminal.ExitCode);
    }

    [Fact]
    public async Task Push_prints_the_digest_skopeo_sees_and_pull_brings_it_back()
    {
        await using var server = await RegistryServer.StartAsync(RegistryServerMode.Plain);
        using var cli = new RegistryCli();
        var image = $"{server.Host}/kiln/interop:1.0";
        cli.LoadImage(cli.Store(), image, "interop");
        Ok(cli.Kiln("tag", image, $"{server.Host}/kiln/interop:extra"), "kiln tag");

        var push = Ok(cli.Kiln("push", image), "kiln push");
        Assert.Contains($"The push refers to repository [{server.Host}/kiln/interop]", push.Stdout, StringComparison.Ordinal);
        Assert.Contains(": Pushed", push.Stdout, StringComparison.Ordinal);
        var match = PushedDigest().Match(push.Stdout);
        Assert.True(match.Success, push.ToString());
        var digest = match.Groups[1].Value;

        var inspect = Ok(cli.Run("skopeo", ["inspect", "--tls-verify=false", $"docker://{image}"]), "skopeo inspect");
        Assert.Equal(digest, (string?)JsonNode.Parse(inspect.Stdout)!["Digest"]);
        var raw = Ok(cli.Run("skopeo", ["inspect", "--raw", "--tls-verify=false", $"docker://{image}"]), "skopeo inspect --raw");
        Assert.Equal(int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), System.Text.Encoding.UTF8.GetByteCount(raw.Stdout));
        Assert.Equal("application/vnd.oci.image.manifest.v1+json", (string?)JsonNode.Parse(raw.Stdout)!["mediaType"]);

        var all = Ok(cli.Kiln("push", "--all-tags", $"{server.Host}/kiln/interop"), "kiln push --all-tags");
        Assert.Contains("1.0: digest: " + digest, all.Stdout, StringComparison.Ordinal);
        Assert.Contains("extra: digest: " + digest, all.Stdout, StringComparison.Ordinal);
        Assert.Contains("Layer already exists", all.Stdout, StringComparison.Ordinal);

        var pull = Ok(cli.KilnIn(cli.Store("pulled"), null, "pull", image), "kiln pull");
        Assert.Contains("Digest: " + digest, pull.Stdout, StringComparison.Ordinal);
        Assert.Contains("Pull complete", pull.Stdout, StringComparison.Ordinal);
        var inspected = Ok(cli.KilnIn(cli.Store("pulled"), null, "inspect", image), "kiln inspect");
        Assert.Contains(digest, inspected.Stdout, StringComparison.Ordinal);
        Assert.Contains("up to date", Ok(cli.KilnIn(cli.Store("pulled"), null, "pull", image), "second pull").Stdout, StringComparison.Ordinal);

        var missing = cli.Kiln("push", $"{server.Host}/kiln/absent:1");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("does not exist locally", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_skopeo_pushed_from_an_oci_archive_is_pulled_by_kiln()
    {
        await using var server = await RegistryServer.StartAsync(RegistryServerMode.Plain);
        using var cli = new RegistryCli();
        cli.LoadImage(cli.Store("source"), "skopeo-source:1", "from skopeo");
        var archive = System.IO.Path.Combine(cli.Path, "image-oci.tar");
        Ok(cli.KilnIn(cli.Store("source"), null, "save", "--format", "oci", "-o", archive, "skopeo-source:1"), "kiln save --format oci");
        var image = $"{server.Host}/kiln/from-skopeo:1";
        Ok(cli.Run("skopeo", ["copy", "--insecure-policy", "--dest-tls-verify=false", "oci-archive:" + archive, "docker://" + image]), "skopeo copy");
        var digest = (string?)JsonNode.Parse(Ok(cli.Run("skopeo", ["inspect", "--tls-verify=false", "docker://" + image]), "skopeo inspect").Stdout)!["Digest"];

        var pull = Ok(cli.KilnIn(cli.Store("pulled"), null, "pull", image), "kiln pull");
        Assert.Contains("Digest: " + digest, pull.Stdout, StringComparison.Ordinal);
        Ok(cli.KilnIn(cli.Store("pulled"), null, "inspect", image), "kiln inspect");
        var byDigest = Ok(cli.KilnIn(cli.Store("by-digest"), null, "pull", $"{server.Host}/kiln/from-skopeo@{digest}"), "kiln pull by digest");
        Assert.Contains("Digest: " + digest, byDigest.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_registries_need_cert_dir_or_tls_verify_false_and_credential_helpers_hold_the_login()
    {
        await using var server = await RegistryServer.StartAsync(RegistryServerMode.Tls);
        using var cli = new RegistryCli();

        // A credential helper configured as credsStore receives the login; config.json keeps no secret.
        var store = System.IO.Path.Combine(cli.Path, "helper-store");
        Directory.CreateDirectory(store);
        var helper = System.IO.Path.Combine(cli.Bin, "docker-credential-kilntest");
        File.WriteAllText(helper, $$"""
            #!/bin/sh
            f='{{store}}/creds'
            case "$1" in
              get) cat >/dev/null; if [ -f "$f" ]; then cat "$f"; else echo "credentials not found in native keychain"; exit 1; fi ;;
              store) cat > "$f" ;;
              erase) cat >/dev/null; rm -f "$f" ;;
            esac
            """);
        File.SetUnixFileMode(helper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateDirectory(cli.DockerConfigDirectory);
        File.WriteAllText(cli.DockerConfigPath, """{ "credsStore": "kilntest", "currentContext": "default" }""");

        var untrusted = cli.KilnIn(cli.Store(), RegistryServer.Password, "login", "-u", RegistryServer.Username, "--password-stdin", server.Host);
        Assert.Equal(1, untrusted.ExitCode);
        Assert.Contains("TLS", untrusted.Stderr, StringComparison.Ordinal);

        Ok(cli.KilnIn(cli.Store(), RegistryServer.Password, "login", "-u", RegistryServer.Username, "--password-stdin", "--cert-dir", server.CertDirectory!, server.Host), "kiln login --cert-dir");
        var config = File.ReadAllText(cli.DockerConfigPath);
        Assert.DoesNotContain(RegistryServer.Password, config, StringComparison.Ordinal);
        Assert.Contains("currentContext", config, StringComparison.Ordinal);
        Assert.Contains(RegistryServer.Password, File.ReadAllText(System.IO.Path.Combine(store, "creds")), StringComparison.Ordinal);

        var image = $"{server.Host}/kiln/tls:1.0";
        cli.LoadImage(cli.Store(), image, "tls");
        Ok(cli.Kiln("push", "--cert-dir", server.CertDirectory!, image), "kiln push --cert-dir");
        Ok(cli.KilnIn(cli.Store("pulled"), null, "pull", "--tls-verify=false", image), "kiln pull --tls-verify=false");

        Ok(cli.Kiln("logout", server.Host), "kiln logout");
        Assert.False(File.Exists(System.IO.Path.Combine(store, "creds")));
    }
}
