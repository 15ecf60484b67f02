using System.Text;
using Kiln.Oci.Images;
using Kiln.Oci.Json;

namespace Kiln.Oci.Tests;

public sealed class ImageConfigJsonTests
{
    private const string Layer1 = "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";
    private const string Layer2 = "sha256:b3ad56b1b5ef8dcf41a4c3e0ad0e1b5e7b5c5b2ae2b96b7b1e2c7d7c1fbc8f0a";

    // A config as BuildKit exports it: top-level keys sorted (Go map), config fields in struct order,
    // '&', '<', '>' escaped as Go's json.Marshal does.
    private const string BuildKitConfig =
        """{"architecture":"amd64","config":{"User":"app","ExposedPorts":{"443/tcp":{},"80/tcp":{}},"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","NODE_VERSION=20.11.0"],"Entrypoint":["docker-entrypoint.sh"],"Cmd":["node","server.js"],"Volumes":{"/data":{}},"WorkingDir":"/app","Labels":{"maintainer":"Kiln \u003cdev@example.com\u003e","org.opencontainers.image.source":"https://example.com/app"},"StopSignal":"SIGTERM","ArgsEscaped":true,"Healthcheck":{"Test":["CMD-SHELL","curl -f http://localhost/ || exit 1"],"Interval":30000000000,"Timeout":5000000000,"StartPeriod":10000000000,"Retries":3},"OnBuild":["RUN echo onbuild"],"Shell":["/bin/bash","-c"]},"created":"2024-03-01T12:34:56.1234567Z","history":[{"created":"2024-02-14T00:00:00Z","created_by":"/bin/sh -c #(nop) ADD file:4f3e9a in / "},{"created":"2024-02-14T00:00:00Z","created_by":"/bin/sh -c #(nop)  CMD [\"bash\"]","empty_layer":true},{"created":"2024-03-01T12:34:56.1234567Z","created_by":"RUN /bin/sh -c apt-get update \u0026\u0026 apt-get install -y curl \u003e /dev/null # buildkit","comment":"buildkit.dockerfile.v0"},{"created":"2024-03-01T12:34:56.1234567Z","created_by":"ENV NODE_VERSION=20.11.0","comment":"buildkit.dockerfile.v0","empty_layer":true}],"os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef","sha256:b3ad56b1b5ef8dcf41a4c3e0ad0e1b5e7b5c5b2ae2b96b7b1e2c7d7c1fbc8f0a"]}}""";

    [Fact]
    public void BuildKit_config_parses_into_the_model()
    {
        var config = OciJson.DeserializeConfig(Encoding.UTF8.GetBytes(BuildKitConfig));

        Assert.Equal("amd64", config.Architecture);
        Assert.Equal("linux", config.OS);
        Assert.Null(config.Variant);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 12, 34, 56, TimeSpan.Zero).AddTicks(1234567), config.Created);
        var c = config.Config;
        Assert.Equal("app", c.User);
        Assert.Equal(["443/tcp", "80/tcp"], c.ExposedPorts!);
        Assert.Equal("NODE_VERSION=20.11.0", c.Env![1]);
        Assert.Equal(["docker-entrypoint.sh"], c.Entrypoint!);
        Assert.Equal(["node", "server.js"], c.Cmd!);
        Assert.Equal(["/data"], c.Volumes!);
        Assert.Equal("/app", c.WorkingDir);
        Assert.Equal("Kiln <dev@example.com>", c.Labels!["maintainer"]);
        Assert.Equal("SIGTERM", c.StopSignal);
        Assert.True(c.ArgsEscaped);
        Assert.Equal(TimeSpan.FromSeconds(30), c.Healthcheck!.Interval);
        Assert.Equal(TimeSpan.FromSeconds(5), c.Healthcheck.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(10), c.Healthcheck.StartPeriod);
        Assert.Equal(TimeSpan.Zero, c.Healthcheck.StartInterval);
        Assert.Equal(3, c.Healthcheck.Retries);
        Assert.Equal(["RUN echo onbuild"], c.OnBuild!);
        Assert.Equal(["/bin/bash", "-c"], c.Shell!);
        Assert.Equal(4, config.History!.Count);
        Assert.True(config.History[1].EmptyLayer);
        Assert.Equal("RUN /bin/sh -c apt-get update && apt-get install -y curl > /dev/null # buildkit", config.History[2].CreatedBy);
        Assert.Equal("buildkit.dockerfile.v0", config.History[2].Comment);
        Assert.Equal(RootFs.LayersType, config.RootFs.Type);
        Assert.Equal([Digest.Parse(Layer1), Digest.Parse(Layer2)], config.RootFs.DiffIds);
    }

    [Fact]
    public void BuildKit_config_reserializes_byte_for_byte()
    {
        var bytes = Encoding.UTF8.GetBytes(BuildKitConfig);

        var raw = RawDocument.ParseConfig(bytes);
        var again = RawDocument.Create(raw.Value);

        Assert.Equal(BuildKitConfig, Encoding.UTF8.GetString(again.Bytes.Span));
        Assert.Equal(raw.Digest, again.Digest);
        Assert.Equal(Digest.Compute(bytes), raw.Digest);
    }

    [Fact]
    public void Constructed_config_serializes_to_the_expected_text()
    {
        var config = new ImageConfig(Platform.Parse("linux/arm64/v8") with { Variant = "v8" })
        {
            Created = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero),
            Config = new ContainerConfig
            {
                Env = ["PATH=/usr/bin:/bin"],
                Cmd = ["/bin/sh"],
                WorkingDir = "/",
                Labels = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1 & 2" },
                ExposedPorts = ["8080/tcp", "53/udp"],
            },
            RootFs = new RootFs([Digest.Parse(Layer1)]),
            History = [new HistoryEntry { Created = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), CreatedBy = "COPY . . # buildkit", Comment = "buildkit.dockerfile.v0" }],
        };

        var json = Encoding.UTF8.GetString(OciJson.Serialize(config));

        Assert.Equal(
            """{"architecture":"arm64","config":{"ExposedPorts":{"53/udp":{},"8080/tcp":{}},"Env":["PATH=/usr/bin:/bin"],"Cmd":["/bin/sh"],"WorkingDir":"/","Labels":{"a":"1 \u0026 2","b":"2"}},"created":"2024-01-02T03:04:05Z","history":[{"created":"2024-01-02T03:04:05Z","created_by":"COPY . . # buildkit","comment":"buildkit.dockerfile.v0"}],"os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef"]},"variant":"v8"}""",
            json);
    }

    [Fact]
    public void Minimal_config_always_writes_architecture_os_config_and_rootfs()
    {
        var json = Encoding.UTF8.GetString(OciJson.Serialize(new ImageConfig("amd64", "linux")));

        Assert.Equal("""{"architecture":"amd64","config":{},"os":"linux","rootfs":{"type":"layers","diff_ids":[]}}""", json);
    }

    [Fact]
    public void Empty_values_are_omitted_like_go_omitempty()
    {
        var config = new ImageConfig("amd64", "linux")
        {
            Author = "",
            Variant = "",
            History = [],
            Config = new ContainerConfig { User = "", Env = [], Labels = new Dictionary<string, string>(), Volumes = [], OnBuild = [], Shell = [], Healthcheck = new HealthConfig() },
        };

        var json = Encoding.UTF8.GetString(OciJson.Serialize(config));

        Assert.Equal("""{"architecture":"amd64","config":{"Healthcheck":{}},"os":"linux","rootfs":{"type":"layers","diff_ids":[]}}""", json);
    }

    [Fact]
    public void Absent_and_empty_cmd_are_distinct()
    {
        var absent = OciJson.DeserializeConfig("""{"architecture":"amd64","os":"linux","config":{"Entrypoint":["/app"]}}"""u8);
        var nulled = OciJson.DeserializeConfig("""{"architecture":"amd64","os":"linux","config":{"Entrypoint":["/app"],"Cmd":null}}"""u8);
        var empty = OciJson.DeserializeConfig("""{"architecture":"amd64","os":"linux","config":{"Entrypoint":[],"Cmd":[]}}"""u8);

        Assert.Null(absent.Config.Cmd);
        Assert.Null(nulled.Config.Cmd);
        Assert.NotNull(empty.Config.Cmd);
        Assert.Empty(empty.Config.Cmd!);
        Assert.Empty(empty.Config.Entrypoint!);
        Assert.NotEqual(absent.Config with { Entrypoint = null }, empty.Config with { Entrypoint = null });

        Assert.Equal("""{"Entrypoint":["/app"]}""", ConfigJson(absent));
        Assert.Equal("""{"Entrypoint":[],"Cmd":[]}""", ConfigJson(empty));
    }

    [Fact]
    public void Docker_legacy_config_with_nulls_and_extra_fields_parses()
    {
        var legacy = """
            {"architecture":"amd64","config":{"Hostname":"","Domainname":"","User":"","AttachStdin":false,"Env":["PATH=/bin"],"Cmd":["/bin/sh"],"Image":"sha256:abc","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":null},
             "container":"5f0c","container_config":{"Cmd":["/bin/sh","-c","#(nop) CMD [\"/bin/sh\"]"]},"created":"2023-07-18T23:19:33.655005962Z","docker_version":"20.10.23","history":[],"os":"linux","rootfs":{"type":"layers","diff_ids":[]}}
            """u8;

        var config = OciJson.DeserializeConfig(legacy);

        Assert.Equal(["/bin/sh"], config.Config.Cmd!);
        Assert.Null(config.Config.Entrypoint);
        Assert.Null(config.Config.Labels);
        Assert.Null(config.Config.User);
        Assert.Equal(new DateTimeOffset(2023, 7, 18, 23, 19, 33, TimeSpan.Zero).AddTicks(6550059), config.Created);
    }

    [Fact]
    public void Property_names_match_case_insensitively_like_go()
    {
        var config = OciJson.DeserializeConfig("""{"Architecture":"arm","OS":"linux","Variant":"v7","config":{"labels":{"a":"b"}}}"""u8);

        Assert.Equal("linux/arm/v7", config.Platform.ToString());
        Assert.Equal("b", config.Config.Labels!["a"]);
    }

    [Theory]
    [InlineData("""{"architecture":"amd64","os":"linux","created":"yesterday"}""", "invalid timestamp \"yesterday\"")]
    [InlineData("""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:abc"]}}""", "invalid digest \"sha256:abc\"")]
    [InlineData("""{"architecture":"amd64",""", "invalid image config")]
    [InlineData("null", "JSON null")]
    public void Invalid_configs_throw_invalid_document_errors(string json, string expected)
    {
        var ex = Assert.Throws<InvalidDocumentException>(() => OciJson.DeserializeConfig(Encoding.UTF8.GetBytes(json)));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2024-01-02T03:04:05Z", "2024-01-02T03:04:05Z")]
    [InlineData("2024-01-02T03:04:05.500Z", "2024-01-02T03:04:05.5Z")]
    [InlineData("2024-01-02T03:04:05.123456789Z", "2024-01-02T03:04:05.1234567Z")]
    [InlineData("2024-01-02T03:04:05+02:00", "2024-01-02T03:04:05+02:00")]
    [InlineData("2024-01-02T03:04:05.1-05:30", "2024-01-02T03:04:05.1-05:30")]
    public void Timestamps_use_gos_rfc3339nano_form(string input, string expected)
    {
        Assert.True(GoTimeConverter.TryParse(input, out var value));
        Assert.Equal(expected, GoTimeConverter.Format(value));
    }

    private static string ConfigJson(ImageConfig config)
    {
        var json = Encoding.UTF8.GetString(OciJson.Serialize(config));
        var start = json.IndexOf("\"config\":", StringComparison.Ordinal) + "\"config\":".Length;
        var end = json.IndexOf(",\"os\":", StringComparison.Ordinal);
        return json[start..end];
    }
}
