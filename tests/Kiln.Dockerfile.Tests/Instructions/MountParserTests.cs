using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Instructions;

namespace Kiln.Dockerfile.Tests.Instructions;

public class MountParserTests
{
    private static uint Oct(string s) => Convert.ToUInt32(s, 8);

    private static DockerfileException Fails(string value, string id, string message)
    {
        var range = SourceRange.OnLine(4, 5, 10);
        var ex = Assert.Throws<DockerfileException>(() => MountParser.Parse(value, null, "Dockerfile", range));
        Assert.Equal(message, ex.Message);
        Assert.Equal(id, ex.Diagnostic.Id);
        Assert.Equal(range, ex.Diagnostic.Range);
        Assert.Equal("Dockerfile", ex.Diagnostic.FilePath);
        return ex;
    }

    [Fact]
    public void Bind_is_the_default_type_with_defaults()
    {
        var m = Assert.IsType<BindMount>(MountParser.Parse("target=/src"));
        Assert.Equal(MountType.Bind, m.Type);
        Assert.Equal("/src", m.Target);
        Assert.True(m.ReadOnly);
        Assert.Null(m.Source);
        Assert.Null(m.From);
        Assert.False(m.NeedsExpansion);
        Assert.Equal("target=/src", m.Raw);
    }

    [Fact]
    public void Bind_all_options_and_aliases()
    {
        var m = Assert.IsType<BindMount>(MountParser.Parse("TYPE=Bind,src=/app,from=build,dst=/x,rw"));
        Assert.Equal("/app", m.Source);
        Assert.Equal("build", m.From);
        Assert.Equal("/x", m.Target);
        Assert.False(m.ReadOnly);
        Assert.Equal("/y", MountParser.Parse("destination=/y,source=a,readwrite=true").Target);
        Assert.False(MountParser.Parse("target=/y,readonly=false").ReadOnly);
        Assert.True(MountParser.Parse("target=/y,rw=0").ReadOnly);
    }

    [Fact]
    public void Cache_defaults()
    {
        var m = Assert.IsType<CacheMount>(MountParser.Parse("type=cache,target=/root/.cache"));
        Assert.False(m.ReadOnly);
        Assert.Null(m.Id);
        Assert.Equal(CacheSharing.Shared, m.Sharing);
        Assert.Equal(Oct("755"), m.Mode);
        Assert.Equal(0u, m.Uid);
        Assert.Equal(0u, m.Gid);
        Assert.Null(m.From);
        Assert.Null(m.Source);
    }

    [Fact]
    public void Cache_all_options()
    {
        var m = Assert.IsType<CacheMount>(MountParser.Parse("type=cache,id=go,target=/go,sharing=LOCKED,mode=0700,uid=1000,gid=1001,from=seed,source=/s,ro"));
        Assert.Equal("go", m.Id);
        Assert.Equal(CacheSharing.Locked, m.Sharing);
        Assert.Equal(Oct("700"), m.Mode);
        Assert.Equal(1000u, m.Uid);
        Assert.Equal(1001u, m.Gid);
        Assert.Equal("seed", m.From);
        Assert.Equal("/s", m.Source);
        Assert.True(m.ReadOnly);
        Assert.Equal(CacheSharing.Private, ((CacheMount)MountParser.Parse("type=cache,target=/x,sharing=private")).Sharing);
    }

    [Theory]
    [InlineData("64m", 64L * 1024 * 1024)]
    [InlineData("1g", 1L << 30)]
    [InlineData("1.5GiB", 3L << 29)]
    [InlineData("1024", 1024L)]
    [InlineData("2 kb", 2048L)]
    public void Tmpfs_size(string size, long bytes)
    {
        var m = Assert.IsType<TmpfsMount>(MountParser.Parse($"type=tmpfs,target=/t,size={size}"));
        Assert.Equal(bytes, m.Size);
        Assert.False(m.ReadOnly);
    }

    [Fact]
    public void Tmpfs_defaults()
    {
        var m = Assert.IsType<TmpfsMount>(MountParser.Parse("type=tmpfs,target=/t"));
        Assert.Null(m.Size);
        Assert.False(m.ReadOnly);
    }

    [Fact]
    public void Secret_defaults()
    {
        var m = Assert.IsType<SecretMount>(MountParser.Parse("type=secret,id=npmrc"));
        Assert.Equal("npmrc", m.Id);
        Assert.Null(m.Target);
        Assert.Equal("/run/secrets/npmrc", m.EffectiveTarget);
        Assert.False(m.Required);
        Assert.Equal(Oct("400"), m.Mode);
        Assert.True(m.ReadOnly);
        Assert.Null(m.Env);
    }

    [Fact]
    public void Secret_id_from_target_and_env()
    {
        var byTarget = Assert.IsType<SecretMount>(MountParser.Parse("type=secret,target=/root/.npmrc,required"));
        Assert.Equal(".npmrc", byTarget.EffectiveId);
        Assert.Equal("/root/.npmrc", byTarget.EffectiveTarget);
        Assert.True(byTarget.Required);

        var env = Assert.IsType<SecretMount>(MountParser.Parse("type=secret,id=tok,env=TOKEN,required=false,mode=0440,uid=1,gid=2"));
        Assert.Equal("TOKEN", env.Env);
        Assert.Null(env.EffectiveTarget);
        Assert.False(env.Required);
        Assert.Equal(Oct("440"), env.Mode);
        Assert.Equal(1u, env.Uid);
        Assert.Equal(2u, env.Gid);

        Assert.Equal("aws", Assert.IsType<SecretMount>(MountParser.Parse("type=secret,source=aws")).Id);
    }

    [Fact]
    public void Ssh_defaults_and_options()
    {
        var m = Assert.IsType<SshMount>(MountParser.Parse("type=ssh"));
        Assert.Equal("default", m.Id);
        Assert.Null(m.Target);
        Assert.Equal(Oct("600"), m.Mode);
        Assert.False(m.Required);
        var o = Assert.IsType<SshMount>(MountParser.Parse("type=ssh,id=gh,target=/agent,required=true,mode=0666,uid=5,gid=6"));
        Assert.Equal("gh", o.Id);
        Assert.Equal("/agent", o.Target);
        Assert.True(o.Required);
        Assert.Equal(Oct("666"), o.Mode);
        Assert.Equal(5u, o.Uid);
    }

    [Fact]
    public void Type_may_come_after_options()
    {
        Assert.IsType<SecretMount>(MountParser.Parse("required,id=x,type=secret"));
    }

    [Fact]
    public void Csv_quotes_are_honoured()
    {
        var m = Assert.IsType<BindMount>(MountParser.Parse("\"target=/a,b\",\"source=x\"\"y\""));
        Assert.Equal("/a,b", m.Target);
        Assert.Equal("x\"y", m.Source);
        Fails("target=/a\"b", InstructionErrorIds.MountSyntax, "failed to parse csv mounts: parse error at column 10: bare \" in non-quoted-field");
        Fails("\"target=/a", InstructionErrorIds.MountSyntax, "failed to parse csv mounts: parse error at column 11: extraneous or missing \" in quoted-field");
    }

    [Fact]
    public void Unknown_type_and_key_with_suggestions()
    {
        var ex = Fails("type=cach,target=/x", InstructionErrorIds.MountType, "unsupported mount type \"cach\" (did you mean cache?)");
        Assert.Equal("did you mean cache?", ex.Diagnostic.Suggestion);
        Fails("type=volume,target=/x", InstructionErrorIds.MountType, "unsupported mount type \"volume\"");
        Fails("taget=/x", InstructionErrorIds.MountKey, "unexpected key 'taget' in 'taget=/x' (did you mean target?)");
    }

    [Theory]
    [InlineData("type=bind,target=/x,mode=0755", "mode not allowed for \"bind\" type mounts")]
    [InlineData("type=bind,target=/x,uid=1", "uid not allowed for \"bind\" type mounts")]
    [InlineData("type=tmpfs,target=/x,gid=1", "gid not allowed for \"tmpfs\" type mounts")]
    [InlineData("type=cache,target=/x,size=1m", "unexpected key 'size' for mount type 'cache'")]
    [InlineData("target=/x,size=1m", "unexpected key 'size' for mount type 'bind'")]
    [InlineData("type=cache,target=/x,required", "unexpected key 'required' for mount type 'cache'")]
    [InlineData("type=tmpfs,target=/x,required=true", "unexpected key 'required' for mount type 'tmpfs'")]
    [InlineData("type=ssh,env=X", "unexpected key 'env' for mount type 'ssh'")]
    [InlineData("type=bind,target=/x,sharing=locked", "invalid cache sharing set for bind mount")]
    [InlineData("type=secret,id=x,sharing=locked", "secret mount should not define sharing")]
    [InlineData("type=ssh,source=/sock", "source not allowed for \"ssh\" type mounts")]
    public void Options_not_allowed_for_type(string value, string message)
    {
        Fails(value, InstructionErrorIds.MountKey, message);
    }

    [Theory]
    [InlineData("target=/x,ro=maybe", "invalid value for ro: maybe")]
    [InlineData("target=/x,readwrite=2", "invalid value for readwrite: 2")]
    [InlineData("type=secret,id=a,required=yes", "invalid value for required: yes")]
    [InlineData("type=tmpfs,target=/x,size=lots", "invalid value for size: lots")]
    [InlineData("type=cache,target=/x,mode=0999", "invalid value 0999 for mode")]
    [InlineData("type=cache,target=/x,uid=-1", "invalid value -1 for uid")]
    [InlineData("type=cache,target=/x,gid=abc", "invalid value abc for gid")]
    [InlineData("type=cache,target=/x,sharing=exclusive", "unsupported sharing value \"exclusive\"")]
    public void Invalid_values(string value, string message)
    {
        Fails(value, InstructionErrorIds.MountValue, message);
    }

    [Theory]
    [InlineData("target")]
    [InlineData("type=cache,target=/x,id")]
    [InlineData("")]
    public void Fields_must_be_key_value(string value)
    {
        var field = value.Split(',')[^1];
        Fails(value, InstructionErrorIds.MountSyntax, $"invalid field '{field}' must be a key=value pair");
    }

    [Theory]
    [InlineData("type=bind,source=/a", "bind")]
    [InlineData("type=cache,id=x", "cache")]
    [InlineData("type=tmpfs,size=1m", "tmpfs")]
    public void Target_is_required(string value, string type)
    {
        Fails(value, InstructionErrorIds.MountTarget, $"mount target is required for \"{type}\" type mounts");
    }

    [Theory]
    [InlineData("target=/")]
    [InlineData("type=cache,target=//")]
    [InlineData("type=tmpfs,target=/./")]
    [InlineData("type=secret,id=a,target=/")]
    public void Root_target_is_invalid(string value)
    {
        var target = value.Split("target=")[1];
        Fails(value, InstructionErrorIds.MountTarget, $"invalid mount target \"{target}\"");
    }

    [Theory]
    [InlineData("target=/x,from=$STAGE")]
    [InlineData("type=cache,target=/x,from=${S}")]
    public void From_with_variables_is_rejected(string value)
    {
        Fails(value, InstructionErrorIds.MountFromVariable, "'from' doesn't support variable expansion, define alias stage instead");
        var expander = new FakeExpander();
        Assert.Throws<DockerfileException>(() => MountParser.Parse(value, expander));
    }

    [Theory]
    [InlineData("type=secret,from=x,id=a", "secret mount should not have a from")]
    [InlineData("type=secret", "invalid secret mount. one of source, target required")]
    [InlineData("type=secret,required", "invalid secret mount. one of source, target required")]
    [InlineData("type=secret,source=a,id=b", "both source and id can't be set")]
    public void Secret_combinations(string value, string message)
    {
        Fails(value, InstructionErrorIds.MountCombination, message);
    }

    [Fact]
    public void Values_with_variables_are_deferred_without_expander()
    {
        var m = Assert.IsType<CacheMount>(MountParser.Parse("type=cache,target=$DIR,mode=$MODE"));
        Assert.True(m.NeedsExpansion);
        Assert.Null(m.Target);
        Assert.Equal(Oct("755"), m.Mode);

        var unknownType = MountParser.Parse("type=$T,target=/x,mode=1");
        Assert.True(unknownType.NeedsExpansion);
    }

    [Fact]
    public void Type_independent_checks_still_apply_to_deferred_values()
    {
        Fails("target=/x,size=$S", InstructionErrorIds.MountKey, "unexpected key 'size' for mount type 'bind'");
    }

    [Fact]
    public void Expander_expands_every_value_but_from()
    {
        var expander = new FakeExpander(new()
        {
            ["$T"] = "cache",
            ["$DIR"] = "/cache",
            ["$MODE"] = "0700",
            ["$ID"] = "id-1",
            ["locked"] = "locked",
        });
        var m = Assert.IsType<CacheMount>(MountParser.Parse("type=$T,target=$DIR,mode=$MODE,id=$ID,from=stage,sharing=locked", expander));
        Assert.Equal("/cache", m.Target);
        Assert.Equal(Oct("700"), m.Mode);
        Assert.Equal("id-1", m.Id);
        Assert.Equal("stage", m.From);
        Assert.False(m.NeedsExpansion);
        Assert.DoesNotContain("stage", expander.Calls);
        Assert.Contains("locked", expander.Calls);
    }

    [Fact]
    public void Expanded_values_are_validated()
    {
        var expander = new FakeExpander(new() { ["$T"] = "cache", ["/x"] = "/x", ["$M"] = "zz" });
        var ex = Assert.Throws<DockerfileException>(() => MountParser.Parse("type=$T,target=/x,mode=$M", expander));
        Assert.Equal("invalid value zz for mode", ex.Message);
    }
}
