using Kiln.Build.Outputs;
using Kiln.Oci;

namespace Kiln.Build.Tests.Outputs;

/// <summary>Parsing <c>-o</c> values with buildx's rules (CLI-OUTPUT*).</summary>
public sealed class OutputSpecTests
{
    [Theory]
    [InlineData("out", "out")]
    [InlineData("./build/out", "./build/out")]
    [InlineData("out=dir", "out=dir")] // one field that is the whole text and no type= prefix: still a path
    [InlineData(" type=image", " type=image")]
    public void A_bare_path_is_a_local_directory(string text, string destination)
    {
        var spec = OutputSpec.Parse(text);
        Assert.Equal(OutputType.Local, spec.Type);
        Assert.Equal(destination, spec.Destination);
        Assert.Empty(spec.Attributes);
    }

    [Fact]
    public void A_dash_is_a_filesystem_tar_on_stdout()
    {
        var spec = OutputSpec.Parse("-");
        Assert.Equal(OutputType.Tar, spec.Type);
        Assert.Equal("-", spec.Destination);
        Assert.True(spec.WritesToStandardOutput);
    }

    [Theory]
    [InlineData("type=local,dest=out", OutputType.Local)]
    [InlineData("type=tar,dest=fs.tar", OutputType.Tar)]
    [InlineData("type=oci,dest=image.tar", OutputType.Oci)]
    [InlineData("type=docker,dest=image.tar", OutputType.Docker)]
    [InlineData("type=image", OutputType.Image)]
    [InlineData("type=cacheonly", OutputType.CacheOnly)]
    [InlineData("dest=out, TYPE =local", OutputType.Local)] // keys are trimmed and lower-cased, as buildx does
    public void Types_parse(string text, OutputType type) => Assert.Equal(type, OutputSpec.Parse(text).Type);

    [Fact]
    public void Registry_is_image_with_push()
    {
        var spec = OutputSpec.Parse("type=registry,name=example.com/app:1");
        Assert.Equal(OutputType.Image, spec.Type);
        Assert.True(spec.Push);
        Assert.Equal("true", spec.Attributes["push"]);
        Assert.Equal("example.com/app:1", Assert.Single(spec.Names).ToString());

        // An explicit push=false is kept, as buildx only adds push when it is absent.
        Assert.False(OutputSpec.Parse("type=registry,push=false").Push);
    }

    [Fact]
    public void Several_names_need_the_field_quoted_as_buildx_csv()
    {
        var spec = OutputSpec.Parse("type=image,\"name=app:1,example.com/team/app:2\",push=false");
        Assert.Equal(["docker.io/library/app:1", "example.com/team/app:2"], spec.Names.Select(n => n.ToString()));
        Assert.Equal("app:1,example.com/team/app:2", spec.Attributes["name"]);
        Assert.False(spec.Push);
    }

    [Fact]
    public void A_quote_inside_an_unquoted_field_is_an_error_that_says_how_to_quote()
    {
        var error = Assert.Throws<OutputException>(() => OutputSpec.Parse("type=image,name=\"a,b\""));
        Assert.Equal(OutputException.InvalidSpecId, error.Id);
        Assert.Contains("bare \" in non-quoted field at column 17", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"name=a,b\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Doubled_quotes_in_a_quoted_field_are_one_quote()
    {
        var spec = OutputSpec.Parse("type=local,\"dest=a\"\"b,c\"");
        Assert.Equal("a\"b,c", spec.Destination);
    }

    [Theory]
    [InlineData("type=oci,\"dest=x", "has no closing")]
    [InlineData("type=oci,\"dest=x\"y", "extraneous or missing \" in quoted field")]
    public void Broken_quoting_is_reported(string text, string expected)
    {
        var error = Assert.Throws<OutputException>(() => OutputSpec.Parse(text));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Oci_attributes()
    {
        var spec = OutputSpec.Parse("type=oci,dest=layout,tar=false,compression=zstd,compression-level=3,force-compression=true,oci-mediatypes=true,rewrite-timestamp=true,name=app");
        Assert.Equal(OutputType.Oci, spec.Type);
        Assert.Equal("layout", spec.Destination);
        Assert.False(spec.Tar);
        Assert.Equal(OutputCompression.Zstd, spec.Compression);
        Assert.Equal(3, spec.CompressionLevel);
        Assert.True(spec.ForceCompression);
        Assert.True(spec.OciMediaTypes);
        Assert.True(spec.RewriteTimestamp);
        Assert.False(spec.WritesToStandardOutput);
        Assert.Equal(ImageReference.Parse("app"), Assert.Single(spec.Names));
    }

    [Fact]
    public void Defaults_when_attributes_are_absent()
    {
        var spec = OutputSpec.Parse("type=oci");
        Assert.True(spec.Tar);
        Assert.Null(spec.Destination);
        Assert.True(spec.WritesToStandardOutput); // oci without dest goes to stdout, as buildx
        Assert.Null(spec.Compression);
        Assert.Null(spec.OciMediaTypes);
        Assert.False(spec.RewriteTimestamp);
        Assert.False(spec.Push);
        Assert.Empty(spec.Names);
        Assert.False(OutputSpec.Parse("type=docker").WritesToStandardOutput); // docker without dest loads
    }

    [Theory]
    [InlineData("push=", true)] // BuildKit reads an empty boolean as true
    [InlineData("push=1", true)]
    [InlineData("push=T", true)]
    [InlineData("push=False", false)]
    [InlineData("push=0", false)]
    public void Booleans_follow_go_parse_bool(string attribute, bool expected) =>
        Assert.Equal(expected, OutputSpec.Parse("type=image," + attribute).Push);

    [Fact]
    public void Unknown_keys_are_kept_and_later_values_win()
    {
        var spec = OutputSpec.Parse("type=image,unpack=true,annotation.org.opencontainers.image.title=x,store=false,unpack=false");
        Assert.Equal("false", spec.Attributes["unpack"]);
        Assert.Equal("x", spec.Attributes["annotation.org.opencontainers.image.title"]);
        Assert.Equal("false", spec.Attributes["store"]);
        Assert.False(spec.Attributes.ContainsKey("type"));
    }

    [Theory]
    [InlineData("type=foo", "unknown output type \"foo\"; use one of local, tar, oci, docker, image, registry, cacheonly")]
    [InlineData("dest=out,name=app", "type is required for output")]
    [InlineData("type=local,out", "invalid value \"out\": expected key=value")]
    [InlineData("a,b", "invalid value \"a\"")]
    [InlineData("type=image,push=yes", "non-bool value \"yes\" for push; use true or false")]
    [InlineData("type=image,compression=lz4", "unsupported compression \"lz4\"; use one of uncompressed, gzip, estargz, zstd")]
    [InlineData("type=image,compression-level=high", "invalid compression-level \"high\"")]
    [InlineData("type=local,dest=x,mode=sync", "invalid mode \"sync\" for the local output; use copy or delete")]
    [InlineData("type=image,name=app::1", "invalid image name \"app::1\"")]
    [InlineData("", "the value is empty")]
    public void Errors_are_clear(string text, string expected)
    {
        var error = Assert.Throws<OutputException>(() => OutputSpec.Parse(text));
        Assert.Equal(OutputException.InvalidSpecId, error.Id);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"invalid output \"{text}\": ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Type_values_are_case_sensitive_like_buildkit_exporter_names() =>
        Assert.Throws<OutputException>(() => OutputSpec.Parse("type=Local,dest=x"));

    [Fact]
    public void Local_mode()
    {
        Assert.Equal(LocalOutputMode.Copy, OutputSpec.Parse("type=local,dest=x").Mode);
        Assert.Equal(LocalOutputMode.Delete, OutputSpec.Parse("type=local,dest=x,mode=delete").Mode);
    }

    [Fact]
    public void Flag_shorthands()
    {
        var push = OutputSpec.ForPush();
        Assert.Equal(OutputType.Image, push.Type);
        Assert.True(push.Push);
        Assert.Equal("type=image,push=true", push.ToString());

        var load = OutputSpec.ForLoad();
        Assert.Equal(OutputType.Docker, load.Type);
        Assert.Null(load.Destination);
        Assert.Equal("type=docker", load.ToString());

        Assert.Equal(OutputType.Image, OutputSpec.ForDefault().Type);
        Assert.False(OutputSpec.ForDefault().Push);
    }

    [Theory]
    [InlineData("type=oci,dest=a.tar,tar=true", "type=oci,dest=a.tar,tar=true")]
    [InlineData("type=image,\"name=a,b\",push=true", "type=image,\"name=a,b\",push=true")]
    [InlineData("out", "type=local,dest=out")]
    [InlineData("type=registry", "type=image,push=true")]
    public void ToString_is_canonical_and_parses_back(string text, string canonical)
    {
        var spec = OutputSpec.Parse(text);
        Assert.Equal(canonical, spec.ToString());
        var again = OutputSpec.Parse(spec.ToString());
        Assert.Equal(spec.Type, again.Type);
        Assert.Equal(spec.Destination, again.Destination);
        Assert.Equal(spec.Attributes.OrderBy(a => a.Key), again.Attributes.OrderBy(a => a.Key));
    }
}
