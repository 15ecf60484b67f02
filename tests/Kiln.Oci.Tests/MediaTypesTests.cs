namespace Kiln.Oci.Tests;

public sealed class MediaTypesTests
{
    [Theory]
    [InlineData("application/vnd.oci.image.manifest.v1+json", true, false, false)]
    [InlineData("application/vnd.docker.distribution.manifest.v2+json", true, false, false)]
    [InlineData("application/vnd.oci.image.index.v1+json", false, true, false)]
    [InlineData("application/vnd.docker.distribution.manifest.list.v2+json", false, true, false)]
    [InlineData("application/vnd.oci.image.config.v1+json", false, false, true)]
    [InlineData("application/vnd.docker.container.image.v1+json", false, false, true)]
    [InlineData("application/vnd.docker.distribution.manifest.v1+prettyjws", false, false, false)]
    [InlineData("", false, false, false)]
    [InlineData(null, false, false, false)]
    public void Classifies_documents(string? mediaType, bool manifest, bool index, bool config)
    {
        Assert.Equal(manifest, MediaTypes.IsManifest(mediaType));
        Assert.Equal(index, MediaTypes.IsIndex(mediaType));
        Assert.Equal(config, MediaTypes.IsConfig(mediaType));
        Assert.False(MediaTypes.IsLayer(mediaType));
    }

    [Theory]
    [InlineData("application/vnd.oci.image.layer.v1.tar", Compression.None, false)]
    [InlineData("application/vnd.oci.image.layer.v1.tar+gzip", Compression.Gzip, false)]
    [InlineData("application/vnd.oci.image.layer.v1.tar+zstd", Compression.Zstd, false)]
    [InlineData("application/vnd.oci.image.layer.nondistributable.v1.tar", Compression.None, true)]
    [InlineData("application/vnd.oci.image.layer.nondistributable.v1.tar+gzip", Compression.Gzip, true)]
    [InlineData("application/vnd.oci.image.layer.nondistributable.v1.tar+zstd", Compression.Zstd, true)]
    [InlineData("application/vnd.docker.image.rootfs.diff.tar", Compression.None, false)]
    [InlineData("application/vnd.docker.image.rootfs.diff.tar.gzip", Compression.Gzip, false)]
    [InlineData("application/vnd.docker.image.rootfs.diff.tar.zstd", Compression.Zstd, false)]
    [InlineData("application/vnd.docker.image.rootfs.foreign.diff.tar.gzip", Compression.Gzip, true)]
    [InlineData("application/vnd.docker.image.rootfs.foreign.diff.tar", Compression.None, true)]
    [InlineData("Application/VND.OCI.Image.Layer.v1.Tar+Gzip; charset=binary", Compression.Gzip, false)]
    public void Classifies_layers(string mediaType, Compression compression, bool nonDistributable)
    {
        Assert.True(MediaTypes.IsLayer(mediaType));
        Assert.Equal(compression, MediaTypes.LayerCompression(mediaType));
        Assert.Equal(nonDistributable, MediaTypes.IsNonDistributable(mediaType));
        Assert.False(MediaTypes.IsManifest(mediaType));
    }

    [Theory]
    [InlineData("application/vnd.oci.image.layer.v1.tar+gzip+encrypted")]
    [InlineData("application/vnd.oci.empty.v1+json")]
    [InlineData("application/vnd.in-toto+json")]
    [InlineData("application/octet-stream")]
    public void Unknown_layer_types_have_no_compression(string mediaType)
    {
        Assert.Null(MediaTypes.LayerCompression(mediaType));
        Assert.False(MediaTypes.IsLayer(mediaType));
    }

    [Theory]
    [InlineData(Compression.None, true, "application/vnd.oci.image.layer.v1.tar")]
    [InlineData(Compression.Gzip, true, "application/vnd.oci.image.layer.v1.tar+gzip")]
    [InlineData(Compression.Zstd, true, "application/vnd.oci.image.layer.v1.tar+zstd")]
    [InlineData(Compression.None, false, "application/vnd.docker.image.rootfs.diff.tar")]
    [InlineData(Compression.Gzip, false, "application/vnd.docker.image.rootfs.diff.tar.gzip")]
    [InlineData(Compression.Zstd, false, "application/vnd.docker.image.rootfs.diff.tar.zstd")]
    public void LayerMediaType_is_the_inverse_of_LayerCompression(Compression compression, bool oci, string expected)
    {
        var mediaType = MediaTypes.LayerMediaType(compression, oci);

        Assert.Equal(expected, mediaType);
        Assert.Equal(compression, MediaTypes.LayerCompression(mediaType));
        Assert.Equal(!oci, MediaTypes.IsDocker(mediaType));
    }

    [Fact]
    public void Empty_json_media_type_is_the_v1_1_constant()
    {
        Assert.Equal("application/vnd.oci.empty.v1+json", MediaTypes.OciEmptyJson);
    }

    [Theory]
    [InlineData("application/json; charset=utf-8", "application/json")]
    [InlineData("  text/plain ", "text/plain")]
    [InlineData(null, "")]
    public void BaseType_drops_parameters(string? mediaType, string expected)
    {
        Assert.Equal(expected, MediaTypes.BaseType(mediaType));
    }
}
