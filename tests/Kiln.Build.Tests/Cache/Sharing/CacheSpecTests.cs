using Kiln.Build.Cache.Sharing;

namespace Kiln.Build.Tests.Cache.Sharing;

/// <summary>CLI-CACHE-FROM / CLI-CACHE-TO: parsing of the values with buildx's CSV rules and errors that name the problem.</summary>
public sealed class CacheSpecTests
{
    [Fact]
    public void Local_export_with_every_attribute()
    {
        var spec = CacheSpec.ParseExport("type=local,dest=/ci/cache,mode=max,mounts=true,tag=v1,ignore-error=true,image-manifest=true");
        Assert.Equal(CacheSpecType.Local, spec.Type);
        Assert.Equal("/ci/cache", spec.Directory);
        Assert.Equal(CacheExportMode.Max, spec.Mode);
        Assert.True(spec.Mounts);
        Assert.True(spec.IgnoreError);
        Assert.Equal("v1", spec.Tag);
    }

    [Fact]
    public void Defaults_are_mode_min_tag_latest_and_no_mounts()
    {
        var spec = CacheSpec.ParseImport("type=local,src=relative/dir");
        Assert.Equal(Path.GetFullPath("relative/dir"), spec.Directory);
        Assert.Equal(CacheExportMode.Min, spec.Mode);
        Assert.Equal("latest", spec.Tag);
        Assert.False(spec.Mounts);
    }

    [Fact]
    public void A_bare_name_is_a_registry_cache_as_in_buildx()
    {
        var spec = CacheSpec.ParseImport("registry.example/app:cache");
        Assert.Equal(CacheSpecType.Registry, spec.Type);
        Assert.Equal("registry.example/app:cache", spec.Reference);
        Assert.Equal(CacheSpecType.Image, CacheSpec.ParseImport("type=image,ref=app").Type);
        Assert.Equal(CacheSpecType.Inline, CacheSpec.ParseExport("type=inline").Type);
    }

    [Theory]
    [InlineData("type=gha", "type=gha is not supported: use local, inline or registry")]
    [InlineData("type=azblob,name=x", "type=azblob is not supported")]
    [InlineData("dest=/x", "type is required")]
    [InlineData("type=local,dest=/x,mode=full", "invalid mode \"full\"")]
    [InlineData("type=local,dest=/x,mounts=maybe", "invalid mounts \"maybe\"")]
    [InlineData("type=local,dest=/x,src=/y", "unknown key \"src\" for type=local (known: dest, tag, mode, mounts, ignore-error)")]
    [InlineData("type=inline,mode=max", "type=inline supports only mode=min")]
    [InlineData("type=inline,mounts=true", "unknown key \"mounts\" for type=inline")]
    [InlineData("type=image,ref=app", "type=image is for --cache-from")]
    [InlineData("type=registry", "type=registry needs ref=NAME")]
    [InlineData("type=registry,ref=app:bad tag!", "invalid reference \"app:bad tag!\"")]
    [InlineData("type=local,dest=/x,tag=../up", "invalid tag \"../up\"")]
    [InlineData("type=local,dest=\"/x", "bare \" in non-quoted field")]
    public void Bad_export_values_name_the_problem(string value, string message)
    {
        var error = Assert.Throws<CacheSharingException>(() => CacheSpec.ParseExport(value));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("--cache-to \"", error.Message, StringComparison.Ordinal);
        Assert.Equal(CacheSharingException.InvalidSpecId, error.Id);
    }

    [Theory]
    [InlineData("type=inline", "type=inline is for --cache-to")]
    [InlineData("type=local,src=/x,mode=max", "unknown key \"mode\"")]
    [InlineData("type=local", "type=local needs src=DIR")]
    [InlineData("", "the value is empty")]
    public void Bad_import_values_name_the_problem(string value, string message)
    {
        var error = Assert.Throws<CacheSharingException>(() => CacheSpec.ParseImport(value));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
