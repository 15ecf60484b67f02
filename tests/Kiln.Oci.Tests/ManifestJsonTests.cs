using System.Text;
using Kiln.Oci.Images;
using Kiln.Oci.Json;

namespace Kiln.Oci.Tests;

public sealed class ManifestJsonTests
{
    private const string ConfigDigest = "sha256:3e8b6e2a1d0c5f4b9a8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3921";
    private const string LayerDigest = "sha256:9b0a8c7d6e5f40312a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071";
    private const string AmdDigest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string ArmDigest = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    private const string AttestationDigest = "sha256:3333333333333333333333333333333333333333333333333333333333333333";

    private const string OciManifest =
        """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:3e8b6e2a1d0c5f4b9a8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3921","size":1472},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:9b0a8c7d6e5f40312a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071","size":29534055}],"annotations":{"org.opencontainers.image.base.name":"docker.io/library/debian:bookworm","org.opencontainers.image.created":"2024-03-01T12:34:56Z"}}""";

    private const string OciIndex =
        """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:1111111111111111111111111111111111111111111111111111111111111111","size":1054,"platform":{"architecture":"amd64","os":"linux"}},{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:2222222222222222222222222222222222222222222222222222222222222222","size":1054,"platform":{"architecture":"arm","os":"linux","variant":"v7"}},{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:3333333333333333333333333333333333333333333333333333333333333333","size":566,"annotations":{"vnd.docker.reference.digest":"sha256:1111111111111111111111111111111111111111111111111111111111111111","vnd.docker.reference.type":"attestation-manifest"},"platform":{"architecture":"unknown","os":"unknown"}}]}""";

    private const string DockerManifestList =
        """{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json","manifests":[{"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"sha256:1111111111111111111111111111111111111111111111111111111111111111","size":528,"platform":{"architecture":"amd64","os":"linux"}},{"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"sha256:2222222222222222222222222222222222222222222222222222222222222222","size":528,"platform":{"architecture":"arm64","os":"linux","variant":"v8"}}]}""";

    public static TheoryData<string> CanonicalDocuments => new() { OciManifest, OciIndex, DockerManifestList };

    [Fact]
    public void Oci_manifest_parses()
    {
        var raw = RawDocument.ParseManifest(Encoding.UTF8.GetBytes(OciManifest));
        var manifest = raw.Value;

        Assert.Equal(MediaTypes.OciImageManifest, raw.MediaType);
        Assert.Equal(2, manifest.SchemaVersion);
        Assert.Equal(MediaTypes.OciImageConfig, manifest.Config.MediaType);
        Assert.Equal(Digest.Parse(ConfigDigest), manifest.Config.Digest);
        Assert.Equal(1472, manifest.Config.Size);
        var layer = Assert.Single(manifest.Layers);
        Assert.Equal(Compression.Gzip, MediaTypes.LayerCompression(layer.MediaType));
        Assert.Equal(Digest.Parse(LayerDigest), layer.Digest);
        Assert.Equal(29534055, layer.Size);
        Assert.Equal("docker.io/library/debian:bookworm", manifest.Annotations!["org.opencontainers.image.base.name"]);
        Assert.Null(manifest.Subject);
    }

    [Fact]
    public void Oci_index_parses_platforms_and_attestations()
    {
        var raw = RawDocument.ParseIndex(Encoding.UTF8.GetBytes(OciIndex));

        Assert.Equal(MediaTypes.OciImageIndex, raw.MediaType);
        Assert.Equal(3, raw.Value.Manifests.Count);
        Assert.Equal("linux/amd64", raw.Value.Manifests[0].Platform!.ToString());
        Assert.Equal("linux/arm/v7", raw.Value.Manifests[1].Platform!.ToString());
        Assert.Equal("attestation-manifest", raw.Value.Manifests[2].Annotations!["vnd.docker.reference.type"]);
        Assert.Equal(Digest.Parse(AttestationDigest), raw.Value.Manifests[2].Digest);
    }

    [Theory]
    [MemberData(nameof(CanonicalDocuments))]
    public void Canonical_documents_reserialize_byte_for_byte(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var mediaType = OciJson.DetectMediaType(bytes);

        var reserialized = MediaTypes.IsIndex(mediaType)
            ? RawDocument.Create(RawDocument.ParseIndex(bytes).Value).Bytes
            : RawDocument.Create(RawDocument.ParseManifest(bytes).Value).Bytes;

        Assert.Equal(json, Encoding.UTF8.GetString(reserialized.Span));
    }

    [Fact]
    public void Raw_bytes_are_kept_and_digested_exactly()
    {
        // Same manifest, indented and reordered: the model is equal, the bytes and digest are not.
        var indented = """
            {
              "mediaType": "application/vnd.oci.image.manifest.v1+json",
              "schemaVersion": 2,
              "layers": [],
              "config": { "size": 2, "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "mediaType": "application/vnd.oci.empty.v1+json" }
            }
            """u8.ToArray();

        var raw = RawDocument.ParseManifest(indented);

        Assert.True(raw.Bytes.Span.SequenceEqual(indented));
        Assert.Equal(Digest.Compute(indented), raw.Digest);
        Assert.Equal(indented.Length, raw.Size);
        Assert.Equal(new Descriptor(MediaTypes.OciImageManifest, raw.Digest, indented.Length), raw.ToDescriptor());
        var canonical = RawDocument.Create(raw.Value);
        Assert.NotEqual(raw.Digest, canonical.Digest);
        Assert.Equal(
            """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},"layers":[]}""",
            Encoding.UTF8.GetString(canonical.Bytes.Span));
    }

    [Fact]
    public void Constructed_manifest_serializes_to_the_expected_text()
    {
        var configBytes = """{"architecture":"amd64","config":{},"os":"linux","rootfs":{"type":"layers","diff_ids":[]}}"""u8;
        var config = Descriptor.For(MediaTypes.OciImageConfig, configBytes);
        var manifest = new ImageManifest(MediaTypes.OciImageManifest, config, [new Descriptor(MediaTypes.OciLayerZstd, Digest.Parse(LayerDigest), 10) { Urls = [], Annotations = new Dictionary<string, string>() }])
        {
            Subject = new Descriptor(MediaTypes.OciImageManifest, Digest.Parse(AmdDigest), 1054),
            Annotations = new Dictionary<string, string> { ["z"] = "last", ["a"] = "<first>" },
        };

        var document = RawDocument.Create(manifest);

        Assert.Equal(
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + Digest.Compute(configBytes) + "\",\"size\":" + configBytes.Length + "},"
            + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+zstd\",\"digest\":\"" + LayerDigest + "\",\"size\":10}],"
            + "\"subject\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + AmdDigest + "\",\"size\":1054},"
            + "\"annotations\":{\"a\":\"\\u003cfirst\\u003e\",\"z\":\"last\"}}",
            Encoding.UTF8.GetString(document.Bytes.Span));
        Assert.Equal(Digest.Compute(document.Bytes.Span), document.Digest);
        Assert.Equal(MediaTypes.OciImageManifest, document.MediaType);
    }

    [Fact]
    public void Constructed_index_serializes_with_platforms()
    {
        var index = new ImageIndex(MediaTypes.OciImageIndex,
        [
            new Descriptor(MediaTypes.OciImageManifest, Digest.Parse(AmdDigest), 1054) { Platform = Platform.Parse("linux/amd64") },
            new Descriptor(MediaTypes.OciImageManifest, Digest.Parse(ArmDigest), 1054) { Platform = Platform.Parse("linux/arm/v7") },
        ]);

        var json = Encoding.UTF8.GetString(OciJson.Serialize(index));

        Assert.Equal(
            """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:1111111111111111111111111111111111111111111111111111111111111111","size":1054,"platform":{"architecture":"amd64","os":"linux"}},{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:2222222222222222222222222222222222222222222222222222222222222222","size":1054,"platform":{"architecture":"arm","os":"linux","variant":"v7"}}]}""",
            json);
    }

    [Fact]
    public void Descriptor_writes_all_fields_in_spec_order()
    {
        var descriptor = Descriptor.EmptyJson with
        {
            Urls = ["https://example.com/blob"],
            Annotations = new Dictionary<string, string> { ["k"] = "v" },
            Platform = Platform.Parse("linux/amd64"),
            ArtifactType = "application/vnd.example+type",
        };

        var json = Encoding.UTF8.GetString(OciJson.Serialize(descriptor));

        Assert.Equal(
            """{"mediaType":"application/vnd.oci.empty.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2,"urls":["https://example.com/blob"],"annotations":{"k":"v"},"data":"e30=","platform":{"architecture":"amd64","os":"linux"},"artifactType":"application/vnd.example+type"}""",
            json);
        Assert.True(Descriptor.EmptyJson.Verify("{}"u8));
        Assert.False(Descriptor.EmptyJson.Verify("{ }"u8));
    }

    [Fact]
    public void Descriptor_data_round_trips()
    {
        var descriptor = OciJson.Deserialize(
            """{"mediaType":"application/vnd.oci.empty.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2,"data":"e30="}"""u8,
            OciJson.Context.Descriptor,
            "descriptor");

        Assert.Equal("{}"u8.ToArray(), descriptor.Data);
        Assert.True(descriptor.Verify(descriptor.Data));
    }

    [Fact]
    public void Media_type_comes_from_argument_then_document_then_shape()
    {
        var noType = """{"schemaVersion":2,"manifests":[]}"""u8.ToArray();
        var dockerList = Encoding.UTF8.GetBytes(DockerManifestList);

        Assert.Equal(MediaTypes.OciImageIndex, RawDocument.ParseIndex(noType).MediaType);
        Assert.Equal(MediaTypes.DockerManifestList, RawDocument.ParseIndex(dockerList).MediaType);
        Assert.Equal(MediaTypes.DockerManifestList, RawDocument.ParseIndex(noType, MediaTypes.DockerManifestList + "; charset=utf-8").MediaType);
        Assert.Equal(MediaTypes.OciImageManifest, OciJson.DetectMediaType("""{"schemaVersion":2,"config":{}}"""u8));
        Assert.Null(OciJson.DetectMediaType("""[1,2]"""u8));
        Assert.Null(OciJson.DetectMediaType("""not json"""u8));
    }

    [Fact]
    public void Wrong_kinds_of_documents_are_rejected()
    {
        var index = Encoding.UTF8.GetBytes(OciIndex);
        var manifest = Encoding.UTF8.GetBytes(OciManifest);

        var asManifest = Assert.Throws<InvalidDocumentException>(() => RawDocument.ParseManifest(index));
        var asIndex = Assert.Throws<InvalidDocumentException>(() => RawDocument.ParseIndex(manifest));
        var schema1 = Assert.Throws<InvalidDocumentException>(() => RawDocument.ParseManifest("""{"schemaVersion":1}"""u8.ToArray(), MediaTypes.DockerManifestSchema1Signed));

        Assert.Contains("expected an image manifest", asManifest.Message, StringComparison.Ordinal);
        Assert.Contains(MediaTypes.OciImageIndex, asManifest.Message, StringComparison.Ordinal);
        Assert.Contains("expected an image index", asIndex.Message, StringComparison.Ordinal);
        Assert.Contains("schema 1", schema1.Message, StringComparison.Ordinal);
    }
}
