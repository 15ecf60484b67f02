using System.Text;
using Kiln.Oci.Images;
using Kiln.Oci.Json;

namespace Kiln.Oci.Tests;

public sealed class GoJsonEscapingTests
{
    [Theory]
    [InlineData("a && b", "a \\u0026\\u0026 b")]
    [InlineData("<tag>", "\\u003ctag\\u003e")]
    [InlineData("café ☕ 😀", "café ☕ 😀")]
    [InlineData("line\u2028sep\u2029", "line\\u2028sep\\u2029")]
    [InlineData("tab\tnl\ncr\rbs\bff\f", "tab\\tnl\\ncr\\rbs\\bff\\f")]
    [InlineData("ctl\u0001\u001b", "ctl\\u0001\\u001b")]
    [InlineData("quote\" back\\ slash/ plus+ apos'", "quote\\\" back\\\\ slash/ plus+ apos'")]
    public void Strings_are_escaped_as_go_marshal_does(string value, string expected)
    {
        var config = new ContainerConfig { WorkingDir = value };
        var json = Encoding.UTF8.GetString(OciJson.Serialize(new ImageConfig("amd64", "linux") { Config = config }));

        Assert.Contains("{\"WorkingDir\":\"" + expected + "\"}", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Lone_surrogates_become_the_replacement_character()
    {
        var value = "lone" + (char)0xD800 + "x";
        var json = Encoding.UTF8.GetString(OciJson.Serialize(new ImageConfig("amd64", "linux") { Config = new ContainerConfig { WorkingDir = value } }));

        Assert.Contains("{\"WorkingDir\":\"lone\ufffdx\"}", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_keys_are_escaped_too()
    {
        var config = new ContainerConfig { Labels = new Dictionary<string, string> { ["a<b"] = "x" } };
        var json = Encoding.UTF8.GetString(OciJson.Serialize(new ImageConfig("amd64", "linux") { Config = config }));

        Assert.Contains("\"Labels\":{\"a\\u003cb\":\"x\"}", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Rewrite_leaves_structure_untouched()
    {
        var input = """{"a":[1,2.5,true,null,{"b":"c\u0026"}]}"""u8;

        Assert.Equal("""{"a":[1,2.5,true,null,{"b":"c\u0026"}]}""", Encoding.UTF8.GetString(GoJsonEscaping.Rewrite(input)));
    }

    [Fact]
    public void Escaped_documents_read_back_to_the_same_values()
    {
        const string value = "a && <b> café 😀 \u2028 \u0001";
        var bytes = OciJson.Serialize(new ImageConfig("amd64", "linux") { Config = new ContainerConfig { Cmd = [value] } });

        var config = OciJson.DeserializeConfig(bytes);

        Assert.Equal(value, Assert.Single(config.Config.Cmd!));
    }
}
