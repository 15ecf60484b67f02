using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Instructions;
using Kiln.Dockerfile.Planning;
using Kiln.Oci.Images;
using static Kiln.Dockerfile.Tests.Planning.Plans;

namespace Kiln.Dockerfile.Tests.Planning;

/// <summary>Stage evaluation: ARG/ENV scoping, expansion, config state, RUN details, ONBUILD (DF-ARG-*, DF-ENV*, DF-VAR-*, DF-RUN-*).</summary>
public sealed class StageEvaluatorTests
{
    private static Dictionary<string, string> Args(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private static RunStep Run(EvaluatedStage stage, int index = 0) => stage.Steps.Where(s => s.Run is not null).ElementAt(index).Run!;

    private static string Shell(EvaluatedStage stage, int index = 0) => Run(stage, index).Argv[^1];

    [Fact]
    public void Global_arg_is_not_visible_in_stage_without_redeclaration()
    {
        var stage = Target("ARG V=1\nFROM alpine:$V\nRUN echo $V\n");
        Assert.Null(Env(stage.Final, "V"));
        Assert.DoesNotContain(Run(stage).Environment, e => e.StartsWith("V=", StringComparison.Ordinal));
        Assert.Empty(stage.Final.Args);
    }

    [Fact]
    public void Redeclared_global_arg_imports_the_global_value()
    {
        var stage = Target("ARG V=1\nFROM alpine:$V\nARG V\nRUN echo $V\n");
        Assert.Equal("1", Env(stage.Final, "V"));
        Assert.Contains("V=1", Run(stage).Environment);
        var arg = Assert.Single(stage.Final.Args);
        Assert.True(arg.IsGlobalImport);
        Assert.Equal("1", Assert.Single(((ArgInstruction)stage.Steps[0].Expanded).Args).Value);
    }

    [Fact]
    public void Build_arg_wins_over_default_and_global()
    {
        const string text = "ARG V=global\nFROM alpine\nARG V=default\nARG W\nRUN true\n";
        var plain = Target(text);
        Assert.Equal("default", Env(plain.Final, "V"));
        Assert.Null(Env(plain.Final, "W"));
        Assert.Null(plain.Final.Args[1].Value);

        var overridden = Target(text, Request(args: Args(("V", "cli"), ("W", "w"))));
        Assert.Equal("cli", Env(overridden.Final, "V"));
        Assert.Equal("w", Env(overridden.Final, "W"));
    }

    [Fact]
    public void Undeclared_build_arg_has_no_effect()
    {
        var stage = Target("FROM alpine\nRUN true\n", Request(args: Args(("FOO", "bar"))));
        Assert.Null(Env(stage.Final, "FOO"));
    }

    [Fact]
    public void Stage_arg_default_expands_with_env_and_earlier_args()
    {
        var stage = Target("FROM alpine\nENV BASE=/opt\nARG A=$BASE/a B=${A}/b\nRUN true\n");
        Assert.Equal("/opt/a", Env(stage.Final, "A"));
        Assert.Equal("/opt/a/b", Env(stage.Final, "B"));
    }

    [Fact]
    public void Platform_args_must_be_redeclared_in_stage()
    {
        var stage = Target("FROM alpine\nRUN echo $TARGETARCH\nARG TARGETARCH\nARG TARGETPLATFORM\nRUN echo $TARGETARCH\n", Request(targetPlatform: Arm64));
        Assert.DoesNotContain(Run(stage, 0).Environment, e => e.StartsWith("TARGETARCH=", StringComparison.Ordinal));
        Assert.Contains("TARGETARCH=arm64", Run(stage, 1).Environment);
        Assert.Contains("TARGETPLATFORM=linux/arm64", Run(stage, 1).Environment);
    }

    [Fact]
    public void Env_overrides_arg_and_arg_declared_later_replaces_build_env_only()
    {
        var stage = Target("FROM alpine\nARG X=arg\nENV X=env\nRUN one\nARG X=again\nRUN two\n");
        Assert.Contains("X=env", Run(stage, 0).Environment);
        Assert.Contains("X=again", Run(stage, 1).Environment);
        Assert.Contains("X=env", stage.Final.Env);
        Assert.DoesNotContain("X=again", stage.Final.Env);
    }

    [Fact]
    public void Env_uses_values_from_before_the_instruction()
    {
        var stage = Target("FROM alpine\nENV a=hello\nENV a=bye b=$a\nENV c=$a\n");
        Assert.Contains("a=bye", stage.Final.Env);
        Assert.Contains("b=hello", stage.Final.Env);
        Assert.Contains("c=bye", stage.Final.Env);
        Assert.Equal([new("a", "bye"), new KeyValuePair<string, string>("b", "hello")], ((EnvInstruction)stage.Steps[1].Expanded).Pairs);
    }

    [Fact]
    public void Args_are_not_persisted_in_image_env()
    {
        var stage = Target("FROM alpine\nARG SECRET_LEVEL=3\nENV VISIBLE=$SECRET_LEVEL\n");
        Assert.Contains("VISIBLE=3", stage.Final.Env);
        Assert.DoesNotContain(stage.Final.Env, e => e.StartsWith("SECRET_LEVEL=", StringComparison.Ordinal));
    }

    [Fact]
    public void Default_path_is_added_when_base_has_none()
    {
        var stage = Target("FROM alpine\nRUN true\n");
        Assert.Equal(["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], stage.Initial.Env);
        Assert.Contains("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", Run(stage).Environment);

        var own = Target("FROM alpine\n", image: new BaseImageState { Env = ["PATH=/bin", "HOME=/root"] });
        Assert.Equal(["PATH=/bin", "HOME=/root"], own.Final.Env);
    }

    [Fact]
    public void Base_image_config_is_the_starting_state()
    {
        var config = new ImageConfig(Amd64)
        {
            Config = new ContainerConfig
            {
                Env = ["PATH=/usr/bin", "LANG=C.UTF-8"],
                WorkingDir = "/srv/",
                User = "nobody",
                Cmd = ["sh"],
                Labels = new Dictionary<string, string> { ["a"] = "1" },
            },
        };
        var stage = Target("FROM alpine\nRUN pwd\n", image: BaseImageState.FromImageConfig(config));
        Assert.Equal("/srv", stage.Final.WorkingDir);
        Assert.Equal("nobody", stage.Final.User);
        Assert.Equal(["sh"], stage.Final.Cmd);
        Assert.Equal("1", stage.Final.Labels["a"]);
        Assert.Equal("/srv", Run(stage).WorkingDirectory);
        Assert.Equal("nobody", Run(stage).User);
        Assert.Equal(["PATH=/usr/bin", "LANG=C.UTF-8"], Run(stage).Environment);
    }

    [Fact]
    public void Workdir_resolves_relative_to_previous_and_expands()
    {
        var stage = Target("FROM alpine\nWORKDIR app\nWORKDIR /usr/src\nENV SUB=lib\nWORKDIR ./$SUB/../x/\n");
        Assert.Equal("/app", stage.Steps[0].After.WorkingDir);
        Assert.Equal("/usr/src", stage.Steps[1].After.WorkingDir);
        Assert.Equal("/usr/src/x", stage.Final.WorkingDir);
        Assert.Equal("./lib/../x/", ((WorkdirInstruction)stage.Steps[3].Expanded).Path);
    }

    [Fact]
    public void User_shell_cmd_and_entrypoint_state()
    {
        var stage = Target("""
            FROM alpine
            ENV U=app
            USER $U:staff
            CMD echo hi
            SHELL ["/bin/bash", "-eo", "pipefail", "-c"]
            ENTRYPOINT ["/entry"]
            RUN echo in bash
            """);
        Assert.Equal("app:staff", stage.Final.User);
        Assert.Equal(["/bin/sh", "-c", "echo hi"], stage.Final.Cmd);
        Assert.True(stage.Final.ArgsEscaped);
        Assert.Equal(["/entry"], stage.Final.Entrypoint);
        Assert.Equal(["/bin/bash", "-eo", "pipefail", "-c"], stage.Final.Shell);
        Assert.Equal(["/bin/bash", "-eo", "pipefail", "-c", "echo in bash"], Run(stage).Argv);
        Assert.Equal("app:staff", Run(stage).User);
    }

    [Fact]
    public void Entrypoint_resets_inherited_cmd_unless_cmd_set_in_stage()
    {
        var image = new BaseImageState { Cmd = ["bash"], Entrypoint = ["/old"] };
        var reset = Target("FROM alpine\nENTRYPOINT /new\n", image: image);
        Assert.Null(reset.Final.Cmd);
        Assert.Equal(["/bin/sh", "-c", "/new"], reset.Final.Entrypoint);

        var kept = Target("FROM alpine\nCMD [\"--help\"]\nENTRYPOINT [\"/new\"]\n", image: image);
        Assert.Equal(["--help"], kept.Final.Cmd);

        var cleared = Target("FROM alpine\nENTRYPOINT []\n", image: image);
        Assert.Equal([], cleared.Final.Entrypoint);
    }

    [Fact]
    public void Cmd_set_in_parent_stage_does_not_protect_from_child_entrypoint()
    {
        var plan = Plan("FROM alpine AS base\nCMD [\"run\"]\nFROM base\nENTRYPOINT [\"/e\"]\n");
        var stages = Evaluate(plan, _ => BaseImageState.Scratch);
        Assert.Equal(["run"], stages[0].Final.Cmd);
        Assert.Null(stages[1].Final.Cmd);
    }

    [Fact]
    public void Labels_volumes_stopsignal_healthcheck_maintainer()
    {
        var stage = Target("""
            FROM alpine
            ARG VERSION=1.2
            LABEL version=$VERSION "multi word"="a b"
            LABEL version=2
            VOLUME /data ["/logs"]
            VOLUME /data
            ENV SIG=TERM
            STOPSIGNAL SIG$SIG
            HEALTHCHECK --interval=5s --retries=2 CMD curl -f http://localhost/
            MAINTAINER someone
            """);
        Assert.Equal("2", stage.Final.Labels["version"]);
        Assert.Equal("a b", stage.Final.Labels["multi word"]);
        Assert.Equal(["/data", "[/logs]"], stage.Final.Volumes);
        Assert.Equal("SIGTERM", stage.Final.StopSignal);
        Assert.Equal(["CMD-SHELL", "curl -f http://localhost/"], stage.Final.Healthcheck!.Test);
        Assert.Equal(TimeSpan.FromSeconds(5), stage.Final.Healthcheck.Interval);
        Assert.Equal(2, stage.Final.Healthcheck.Retries);
        Assert.Equal("someone", stage.Final.Author);
    }

    [Fact]
    public void Invalid_stopsignal_after_expansion_is_an_error()
    {
        var ex = Assert.Throws<DockerfileException>(() => Target("FROM alpine\nARG S=NOPE\nSTOPSIGNAL $S\n"));
        Assert.Equal("invalid signal: NOPE", ex.Diagnostic.Message);
        Assert.Equal(3, ex.Diagnostic.Range!.Value.Start.Line);
    }

    [Fact]
    public void Expose_expands_splits_ranges_and_sorts()
    {
        var stage = Target("FROM alpine\nENV PORTS=\"80 443/UDP\"\nEXPOSE $PORTS 8000-8002/tcp 127.0.0.1:9000:90\n");
        Assert.Equal(["80/tcp", "443/udp", "8000/tcp", "8001/tcp", "8002/tcp", "90/tcp"], stage.Steps[1].ExposedPorts);
        Assert.Equal(["443/udp", "80/tcp", "8000/tcp", "8001/tcp", "8002/tcp", "90/tcp"], stage.Final.ExposedPorts);
    }

    [Theory]
    [InlineData("80/http", "invalid proto: http")]
    [InlineData("/tcp", "no port specified: /tcp<empty>")]
    [InlineData("70000", "invalid containerPort: 70000")]
    [InlineData("90-80", "invalid containerPort: 90-80")]
    [InlineData("1000-1001:80-82", "invalid ranges specified for container and host Ports: 80-82 and 1000-1001")]
    [InlineData("bad.ip:80:80", "invalid IP address: bad.ip")]
    public void Invalid_expose(string value, string message)
    {
        var ex = Assert.Throws<DockerfileException>(() => Target($"FROM alpine\nEXPOSE {value}\n"));
        Assert.Equal(PlanningErrorIds.InvalidExpose, ex.Diagnostic.Id);
        Assert.Equal(message, ex.Diagnostic.Message);
    }

    [Fact]
    public void Run_shell_and_exec_forms()
    {
        var stage = Target("FROM alpine\nRUN echo $HOME \"quoted\"\nRUN [\"/bin/echo\", \"$HOME\"]\n");
        Assert.Equal(RunCommandForm.Shell, Run(stage, 0).Form);
        Assert.Equal(["/bin/sh", "-c", "echo $HOME \"quoted\""], Run(stage, 0).Argv);
        Assert.Equal(RunCommandForm.Exec, Run(stage, 1).Form);
        Assert.Equal(["/bin/echo", "$HOME"], Run(stage, 1).Argv);
    }

    [Fact]
    public void Run_env_contains_image_env_and_args_with_values_and_proxy_separately()
    {
        var stage = Target(
            "FROM alpine\nENV A=1\nARG B=2\nARG C\nRUN env\n",
            Request(args: Args(("http_proxy", "http://p:3128"), ("NO_PROXY", "localhost"))));
        var run = Run(stage);
        Assert.Equal(["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "A=1", "B=2"], run.Environment);
        Assert.Equal("http://p:3128", run.ProxyEnvironment["HTTP_PROXY"]);
        Assert.Equal("localhost", run.ProxyEnvironment["NO_PROXY"]);
        Assert.Equal(2, run.ProxyEnvironment.Count);
    }

    [Fact]
    public void Run_heredoc_script_form()
    {
        var stage = Target("FROM alpine\nRUN <<EOF\necho one\necho two\nEOF\n");
        var run = Run(stage);
        Assert.Equal(RunCommandForm.HeredocScript, run.Form);
        Assert.Equal(["/bin/sh", "-c", "echo one\necho two\n"], run.Argv);
    }

    [Fact]
    public void Run_heredoc_chomped_script_strips_tabs()
    {
        var stage = Target("FROM alpine\nRUN <<-EOF\n\techo one\n\tEOF\n");
        Assert.Equal(["/bin/sh", "-c", "echo one\n"], Run(stage).Argv);
    }

    [Fact]
    public void Run_heredoc_shebang_form()
    {
        var stage = Target("FROM alpine\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n");
        var run = Run(stage);
        Assert.Equal(RunCommandForm.HeredocShebang, run.Form);
        Assert.Equal(["/bin/sh", "-c", "/dev/pipes/EOF"], run.Argv);
        Assert.Equal("#!/usr/bin/env python3\nprint(1)\n", run.Script!.Content);
        Assert.Equal("/dev/pipes/EOF", run.Script.Path);
    }

    [Fact]
    public void Run_heredoc_with_command_is_a_shell_heredoc()
    {
        var stage = Target("FROM alpine\nRUN <<EOF python3\nprint(1)\nEOF\n");
        var run = Run(stage);
        Assert.Equal(RunCommandForm.HeredocShell, run.Form);
        Assert.Equal(["/bin/sh", "-c", "<<EOF python3\nprint(1)\nEOF"], run.Argv);
    }

    [Fact]
    public void Run_mounts_are_expanded_and_resolved_against_workdir()
    {
        var stage = Target("""
            FROM alpine
            WORKDIR /src
            ARG CACHE=/root/.cache
            RUN --mount=type=cache,target=$CACHE --mount=type=cache,target=node_modules,sharing=locked --mount=type=bind,target=cfg --mount=type=tmpfs,target=/tmp/x --mount=type=ssh --mount=type=ssh,id=gh --mount=type=secret,id=tok true
            """);
        var mounts = Run(stage).Mounts.Select(m => m.Mount).ToArray();
        var cache = Assert.IsType<CacheMount>(mounts[0]);
        Assert.Equal(("/root/.cache", "/root/.cache"), (cache.Target, cache.Id));
        var relative = Assert.IsType<CacheMount>(mounts[1]);
        Assert.Equal(("/src/node_modules", "node_modules", CacheSharing.Locked), (relative.Target, relative.Id, relative.Sharing));
        Assert.Equal("/src/cfg", Assert.IsType<BindMount>(mounts[2]).Target);
        Assert.Equal("/tmp/x", Assert.IsType<TmpfsMount>(mounts[3]).Target);
        Assert.Equal(("/run/buildkit/ssh_agent.0", "default"), (mounts[4].Target, ((SshMount)mounts[4]).Id));
        Assert.Equal(("/run/buildkit/ssh_agent.1", "gh"), (mounts[5].Target, ((SshMount)mounts[5]).Id));
        Assert.Equal("/run/secrets/tok", ((SecretMount)mounts[6]).EffectiveTarget);
        Assert.Null(Run(stage).Mounts[0].Source);
    }

    [Fact]
    public void Run_mount_from_resolves_stage()
    {
        var plan = Plan("FROM alpine AS tools\nFROM alpine\nRUN --mount=from=tools,src=/bin,target=/t true\n");
        var stage = Evaluate(plan, _ => BaseImageState.Scratch)[1];
        var mount = Run(stage).Mounts[0];
        Assert.Equal(0, mount.Source!.StageIndex);
        Assert.Equal("/bin", ((BindMount)mount.Mount).Source);
    }

    [Fact]
    public void Relative_mount_target_resolving_to_root_is_an_error()
    {
        var ex = Assert.Throws<DockerfileException>(() => Target("FROM alpine\nRUN --mount=type=bind,target=. true\n"));
        Assert.Equal(PlanningErrorIds.InvalidMountTarget, ex.Diagnostic.Id);
        Assert.Equal("invalid mount target \"/\"", ex.Diagnostic.Message);
    }

    [Fact]
    public void Run_network_and_security_are_recorded()
    {
        var stage = Target("FROM alpine\nRUN --network=none --security=insecure true\n");
        Assert.Equal(RunNetwork.None, Run(stage).Network);
        Assert.Equal(RunSecurity.Insecure, Run(stage).Security);
    }

    [Fact]
    public void Copy_expands_paths_flags_and_heredocs_but_not_from()
    {
        var plan = Plan("""
            FROM alpine AS src
            FROM alpine
            ARG D=/dst U=app
            COPY --from=src --chown=$U --chmod=755 /a$D ${D}/
            COPY <<EOF <<'RAW' /etc/
            value=$D "q"
            EOF
            raw=$D
            RAW
            """);
        var stage = Evaluate(plan, _ => BaseImageState.Scratch)[1];
        var copy = (CopyInstruction)stage.Steps[1].Expanded;
        Assert.Equal(["/a/dst"], copy.Sources);
        Assert.Equal("/dst/", copy.Destination);
        Assert.Equal("app", copy.Chown);
        Assert.Equal("src", copy.From);
        Assert.Equal(0, stage.Steps[1].CopySource!.StageIndex);
        var heredocs = ((CopyInstruction)stage.Steps[2].Expanded).HeredocSources;
        Assert.Equal("value=/dst \"q\"\n", heredocs[0].Content);
        Assert.Equal("raw=$D\n", heredocs[1].Content);
    }

    [Fact]
    public void Stage_base_inherits_env_args_and_config()
    {
        var plan = Plan("""
            FROM alpine AS stage-a
            ARG LOCAL_ARG="local arg in stage-a"
            ENV LOCAL_ENV=true
            WORKDIR /w
            FROM stage-a AS stage-c
            RUN echo $LOCAL_ARG $LOCAL_ENV
            """);
        var stages = Evaluate(plan, _ => BaseImageState.Scratch);
        var child = stages[1];
        Assert.Contains("LOCAL_ARG=local arg in stage-a", Run(child).Environment);
        Assert.Contains("LOCAL_ENV=true", child.Final.Env);
        Assert.Equal("/w", Run(child).WorkingDirectory);
        Assert.Equal("LOCAL_ARG", Assert.Single(child.Initial.Args).Name);
    }

    [Fact]
    public void Base_image_onbuild_triggers_run_first_and_are_cleared()
    {
        var image = new BaseImageState { OnBuild = ["ENV FROM_TRIGGER=1", "RUN echo $FROM_TRIGGER"] };
        var stage = Target("FROM onbuild-image\nONBUILD RUN echo child\nRUN echo body\n", image: image);
        Assert.True(stage.Steps[0].IsOnbuildTrigger);
        Assert.True(stage.Steps[1].IsOnbuildTrigger);
        Assert.False(stage.Steps[2].IsOnbuildTrigger);
        Assert.Equal(1, stage.Steps[0].Range.Start.Line);
        Assert.Contains("FROM_TRIGGER=1", stage.Final.Env);
        Assert.Equal(["RUN echo child"], stage.Final.OnBuild);
        Assert.Empty(stage.Initial.OnBuild);
    }

    [Fact]
    public void Parent_stage_onbuild_triggers_run_in_child_not_in_parent()
    {
        var plan = Plan("""
            FROM alpine AS assets
            FROM alpine AS base
            ONBUILD COPY --from=assets /a /a
            ONBUILD ENV CHILD=yes
            FROM base AS app
            RUN true
            """);
        var stages = Evaluate(plan, _ => BaseImageState.Scratch);
        Assert.DoesNotContain("CHILD=yes", stages[1].Final.Env);
        Assert.Equal(["COPY --from=assets /a /a", "ENV CHILD=yes"], stages[1].Final.OnBuild);
        var app = stages[2];
        Assert.Equal(3, app.Steps.Count);
        Assert.Equal(0, app.Steps[0].CopySource!.StageIndex);
        Assert.Contains("CHILD=yes", app.Final.Env);
        Assert.Empty(app.Final.OnBuild);
        Assert.Equal(5, app.Steps[1].Range.Start.Line);
    }

    [Fact]
    public void Invalid_onbuild_trigger_points_at_from()
    {
        var image = new BaseImageState { OnBuild = ["FROBNICATE x"] };
        var ex = Assert.Throws<DockerfileException>(() => Target("FROM alpine\nFROM x\n", image: image));
        Assert.Equal(2, ex.Diagnostic.Range!.Value.Start.Line);
        Assert.Contains("FROBNICATE", ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Undefined_variables_are_reported_with_suggestions()
    {
        var stage = Target("FROM alpine\nENV MYVAR=1\nARG DECLARED\nCOPY $MYVAT/$DECLARED /x\nRUN echo $NOT_CHECKED\n");
        var copy = stage.Steps[2];
        var undefined = Assert.Single(copy.UndefinedVariables);
        Assert.Equal("MYVAT", undefined.Name);
        Assert.Equal("MYVAR", undefined.Suggestion);
        Assert.Empty(stage.Steps[3].UndefinedVariables);
    }

    [Fact]
    public void Undefined_variables_in_arg_default_are_reported()
    {
        var stage = Target("FROM alpine\nARG A=$MISSING\n");
        Assert.Equal("MISSING", Assert.Single(stage.Steps[0].UndefinedVariables).Name);
    }

    [Fact]
    public void No_undefined_variables_when_base_env_is_unknown()
    {
        var plan = Plan("FROM alpine\nENV X=$FROM_BASE\n");
        var unknown = Evaluate(plan)[0];
        Assert.False(unknown.Final.EnvKnown);
        Assert.Empty(unknown.Steps[0].UndefinedVariables);

        var known = Evaluate(plan, _ => BaseImageState.Scratch)[0];
        Assert.Equal("FROM_BASE", Assert.Single(known.Steps[0].UndefinedVariables).Name);

        var fromImage = Evaluate(plan, _ => new BaseImageState { Env = ["FROM_BASE=1"] })[0];
        Assert.Empty(fromImage.Steps[0].UndefinedVariables);
        Assert.Contains("X=1", fromImage.Final.Env);
    }

    [Fact]
    public void Unknown_env_carries_to_child_stages_and_scratch_is_known()
    {
        var plan = Plan("FROM alpine AS a\nFROM a\nRUN echo ${Q}\nFROM scratch\nENV Y=$Q\n", Request(target: null));
        var stages = new StageEvaluator(plan).EvaluateAll(allStages: true);
        Assert.False(stages[0].Final.EnvKnown);
        Assert.False(stages[1].Final.EnvKnown);
        Assert.Empty(stages[1].Steps[0].UndefinedVariables);
        Assert.Equal("Q", Assert.Single(stages[2].Steps[0].UndefinedVariables).Name);
    }

    [Fact]
    public void Expansion_error_is_a_dockerfile_exception_at_the_instruction()
    {
        var ex = Assert.Throws<DockerfileException>(() => Target("FROM alpine\nRUN true\nENV A=\"${B:?B must be set}\"\n"));
        Assert.Equal(PlanningErrorIds.Expansion, ex.Diagnostic.Id);
        Assert.Contains("B must be set", ex.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(3, ex.Diagnostic.Range!.Value.Start.Line);
    }

    [Fact]
    public void Context_replaced_stage_has_no_steps()
    {
        var plan = Plan("FROM alpine AS dep\nRUN false\nFROM dep\n", Request(contexts: ["dep"]));
        var stages = Evaluate(plan, _ => new BaseImageState { Env = ["FROM_CONTEXT=1"] });
        Assert.Empty(stages[0].Steps);
        Assert.Contains("FROM_CONTEXT=1", stages[1].Final.Env);
    }

    [Fact]
    public void Final_state_converts_to_container_config()
    {
        var stage = Target("FROM alpine\nENV A=1\nEXPOSE 80\nUSER u\n");
        var config = stage.Final.ToContainerConfig();
        Assert.Equal(["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "A=1"], config.Env);
        Assert.Equal(["80/tcp"], config.ExposedPorts);
        Assert.Equal("u", config.User);
    }
}
