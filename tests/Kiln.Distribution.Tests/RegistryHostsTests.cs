using Kiln.Distribution.Http;
using Kiln.Testing;

namespace Kiln.Distribution.Tests;

public sealed class RegistryHostsTests
{
    [Fact]
    public void Loopback_hosts_may_fall_back_to_http_others_not()
    {
        var hosts = new RegistryHosts { CertRoots = [] };
        Assert.True(hosts.For("localhost:5000").AllowHttpFallback);
        Assert.True(hosts.For("127.0.0.1:5000").AllowHttpFallback);
        Assert.False(hosts.For("registry.example").AllowHttpFallback);
        Assert.False(hosts.For("127.0.0.1:5000").SkipTlsVerify);
        Assert.False((hosts with { LoopbackHttpFallback = false }).For("localhost:5000").AllowHttpFallback);
    }

    [Fact]
    public void Insecure_and_plain_http_hosts_and_tls_verify_false()
    {
        var hosts = new RegistryHosts
        {
            CertRoots = [],
            InsecureHosts = new HashSet<string> { "insecure.example:5000" },
            PlainHttpHosts = new HashSet<string> { "plain.example" },
        };
        Assert.True(hosts.For("insecure.example:5000").SkipTlsVerify);
        Assert.True(hosts.For("insecure.example:5000").AllowHttpFallback);
        Assert.True(hosts.For("plain.example").HttpOnly);
        Assert.True(hosts.For("plain.example:8080").HttpOnly);
        Assert.True((hosts with { TlsVerify = false }).For("secure.example").SkipTlsVerify);
    }

    [Fact]
    public void Docker_hub_names_map_to_its_api_host_and_credential_key()
    {
        Assert.Equal("registry-1.docker.io", RegistryHosts.ApiHost("docker.io"));
        Assert.Equal("https://index.docker.io/v1/", RegistryHosts.CredentialKey("docker.io"));
        Assert.Equal("quay.io", RegistryHosts.CredentialKey("quay.io"));
    }

    [Fact]
    public void Custom_cas_come_from_the_certs_d_layout_or_one_cert_dir()
    {
        using var temp = new TempDirectory();
        var ca = temp.WriteFile("certs.d/myreg.example:5000/ca.crt", "x");
        temp.WriteFile("certs.d/myreg.example:5000/client.cert", "c");
        temp.WriteFile("certs.d/myreg.example:5000/client.key", "k");
        var single = temp.WriteFile("single/extra.crt", "y");
        var hosts = new RegistryHosts { CertRoots = [Path.Combine(temp.Path, "certs.d")] };
        var policy = hosts.For("myreg.example:5000");
        Assert.Equal([ca], policy.CaCertificateFiles);
        Assert.Single(policy.ClientCertificateFiles);
        Assert.Empty(hosts.For("other.example").CaCertificateFiles);
        Assert.Equal([single], (hosts with { CertDirectory = Path.Combine(temp.Path, "single") }).For("any.example").CaCertificateFiles);
    }

    [Fact]
    public async Task The_registries_config_file_is_read_from_KILN_REGISTRIES_CONFIG()
    {
        using var temp = new TempDirectory();
        var file = temp.WriteFile("registries.json", """
            { "insecureRegistries": ["a.example:5000"], "plainHttpRegistries": ["b.example"], "certDirectories": ["/certs"], "loopbackHttpFallback": false }
            """);
        var hosts = await RegistriesConfig.LoadAsync(name => name == "KILN_REGISTRIES_CONFIG" ? file : null);
        Assert.Contains("a.example:5000", hosts.InsecureHosts);
        Assert.Contains("b.example", hosts.PlainHttpHosts);
        Assert.Equal(["/certs"], hosts.CertRoots);
        Assert.False(hosts.LoopbackHttpFallback);

        Assert.Equal(Path.Combine("/x", "kiln", "registries.json"), RegistriesConfig.PathFor(name => name == "XDG_CONFIG_HOME" ? "/x" : null));
        Assert.Equal("/h/.config/kiln/registries.json", RegistriesConfig.PathFor(name => name == "HOME" ? "/h" : null));
        var defaults = await RegistriesConfig.LoadAsync(name => name == "KILN_REGISTRIES_CONFIG" ? Path.Combine(temp.Path, "missing.json") : null);
        Assert.Empty(defaults.InsecureHosts);

        var broken = temp.WriteFile("broken.json", "{ nope");
        await Assert.ThrowsAsync<InvalidDataException>(() => RegistriesConfig.LoadAsync(name => name == "KILN_REGISTRIES_CONFIG" ? broken : null));
    }
}
