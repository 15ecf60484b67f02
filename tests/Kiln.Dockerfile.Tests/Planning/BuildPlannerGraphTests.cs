using Kiln.Dockerfile.Planning;
using static Kiln.Dockerfile.Tests.Planning.Plans;

namespace Kiln.Dockerfile.Tests.Planning;

/// <summary>Stage graphs: bases, dependencies, target selection, pruning and order (DF-STAGE-*, DF-FROM*).</summary>
public sealed class BuildPlannerGraphTests
{
    private static int[] Order(BuildPlan plan) => plan.BuildOrder.Select(s => s.Index).ToArray();

    private static string Deps(StagePlan stage) =>
        string.Join(",", stage.Dependencies.Select(d => $"{d.Kind}:{d.Source.StageIndex?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? d.Source.NamedContext ?? d.Source.Image!.ToString()}"));

    [Fact]
    public void Single_stage_image_base_is_normalised_and_has_no_display_name()
    {
        var plan = Plan("FROM alpine\nRUN true\n");
        var stage = Assert.Single(plan.Stages);
        var image = Assert.IsType<ImageBase>(stage.Base);
        Assert.Equal("docker.io/library/alpine:latest", image.Reference.ToString());
        Assert.Equal(string.Empty, stage.DisplayName);
        Assert.True(stage.IsNeeded);
        Assert.Same(stage, plan.Target);
        Assert.Single(stage.Instructions);
    }

    [Fact]
    public void Classic_builder_pattern()
    {
        var plan = Plan("""
            FROM golang:1.22 AS build
            RUN go build -o /out/app .
            FROM alpine:3.19
            COPY --from=build /out/app /app
            """);
        Assert.Equal([0, 1], Order(plan));
        Assert.Equal("build", plan.Stages[0].DisplayName);
        Assert.Equal("stage-1", plan.Stages[1].DisplayName);
        Assert.Equal("CopyFrom:0", Deps(plan.Stages[1]));
        Assert.IsType<Kiln.Dockerfile.Instructions.CopyInstruction>(plan.Stages[1].Dependencies[0].Instruction);
        Assert.Equal(4, plan.Stages[1].Dependencies[0].Instruction.Range.Start.Line);
    }

    [Fact]
    public void Unused_stages_are_pruned_and_order_keeps_file_order()
    {
        var plan = Plan("""
            FROM alpine AS a
            FROM alpine AS unused
            FROM busybox AS b
            FROM scratch AS c
            COPY --from=b /x /x
            COPY --from=a /y /y
            """);
        Assert.Equal([0, 2, 3], Order(plan));
        Assert.Equal([true, false, true, true], plan.Stages.Select(s => s.IsNeeded).ToArray());
        Assert.Equal("CopyFrom:2,CopyFrom:0", Deps(plan.Stages[3]));
        Assert.IsType<ScratchBase>(plan.Stages[3].Base);
    }

    [Fact]
    public void Stage_base_chain_and_transitive_needs()
    {
        var plan = Plan("""
            FROM debian AS base
            FROM alpine AS tools
            FROM base AS deps
            RUN --mount=type=cache,target=/var/cache/apt,from=tools,source=/c apt-get update
            FROM deps AS final
            FROM scratch AS other
            """, Request(target: "final"));
        Assert.Equal("Base:0,MountFrom:1", Deps(plan.Stages[2]));
        Assert.Equal(0, plan.Stages[2].BaseStageIndex);
        Assert.Equal(3, plan.Target.Index);
        Assert.Equal("Base:2", Deps(plan.Stages[3]));
        Assert.Equal([0, 1, 2, 3], Order(plan));
        Assert.Equal(DependencyKind.MountFrom, plan.Stages[2].Dependencies[1].Kind);
    }

    [Fact]
    public void Mount_from_a_later_stage_in_a_needed_stage_is_an_error()
    {
        var ex = PlanError("""
            FROM debian AS base
            RUN --mount=from=tools,target=/t true
            FROM alpine AS tools
            FROM base
            """);
        Assert.Equal(PlanningErrorIds.StageDefinedLater, ex.Diagnostic.Id);
        Assert.Contains("\"tools\"", ex.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(2, ex.Diagnostic.Range!.Value.Start.Line);
    }

    [Fact]
    public void Copy_from_later_stage_is_an_error_with_buildkit_message()
    {
        var ex = PlanError("""
            FROM alpine AS first
            COPY --from=second /a /a
            FROM alpine AS second
            FROM first
            """);
        Assert.Equal(PlanningErrorIds.StageDefinedLater, ex.Diagnostic.Id);
        Assert.Equal("cannot copy from stage \"second\", it needs to be defined before current stage \"first\"", ex.Diagnostic.Message);
        Assert.Equal(2, ex.Diagnostic.Range!.Value.Start.Line);
    }

    [Fact]
    public void Later_reference_in_an_unneeded_stage_is_not_an_error()
    {
        var plan = Plan("""
            FROM alpine AS first
            COPY --from=second /a /a
            FROM alpine AS second
            """);
        Assert.Equal([1], Order(plan));
        Assert.False(plan.Stages[0].IsNeeded);
    }

    [Fact]
    public void From_a_later_stage_name_is_an_image_like_buildkit()
    {
        var plan = Plan("""
            FROM node AS builder
            FROM alpine AS node
            FROM builder
            """);
        Assert.Equal("docker.io/library/node:latest", Assert.IsType<ImageBase>(plan.Stages[0].Base).Reference.ToString());
        Assert.Equal(0, plan.Stages[2].BaseStageIndex);
        Assert.Equal([0, 2], Order(plan));
    }

    [Fact]
    public void Stage_references_are_case_insensitive()
    {
        var plan = Plan("""
            FROM alpine AS Build
            FROM BUILD AS next
            COPY --from=bUiLd /a /a
            """);
        Assert.Equal("build", plan.Stages[0].Name);
        Assert.Equal("Base:0,CopyFrom:0", Deps(plan.Stages[1]));
    }

    [Fact]
    public void Stage_index_references()
    {
        var plan = Plan("""
            FROM alpine
            FROM busybox
            FROM scratch
            COPY --from=0 /a /a
            COPY --from=1 /b /b
            """);
        Assert.Equal("CopyFrom:0,CopyFrom:1", Deps(plan.Stages[2]));
        Assert.Equal([0, 1, 2], Order(plan));
        Assert.Equal(["stage-0", "stage-1", "stage-2"], plan.Stages.Select(s => s.DisplayName).ToArray());
    }

    [Fact]
    public void From_a_number_is_an_image_not_a_stage_index()
    {
        var plan = Plan("FROM alpine\nENV A=1\nFROM 0\n");
        Assert.Null(plan.Stages[1].BaseStageIndex);
        Assert.Equal("docker.io/library/0:latest", Assert.IsType<ImageBase>(plan.Stages[1].Base).Reference.ToString());
    }

    [Theory]
    [InlineData("3")]
    [InlineData("-1")]
    public void Invalid_stage_index(string index)
    {
        var ex = PlanError($"FROM alpine\nFROM scratch\nCOPY --from={index} /a /a\n");
        Assert.Equal(PlanningErrorIds.InvalidStageIndex, ex.Diagnostic.Id);
        Assert.Equal($"invalid stage index {index}", ex.Diagnostic.Message);
        Assert.Equal(3, ex.Diagnostic.Range!.Value.Start.Line);
    }

    [Fact]
    public void Copy_from_unknown_name_is_an_image()
    {
        var plan = Plan("FROM scratch\nCOPY --from=nginx:1.25 /etc/nginx /etc/nginx\n");
        var dependency = Assert.Single(plan.Stages[0].Dependencies);
        Assert.Equal("docker.io/library/nginx:1.25", dependency.Source.Image!.ToString());
        Assert.Null(dependency.Source.StageIndex);
    }

    [Fact]
    public void Copy_from_invalid_image_reference_is_an_error()
    {
        var ex = PlanError("FROM scratch\nCOPY --from=Bad:Name /a /a\n");
        Assert.Equal(PlanningErrorIds.InvalidReference, ex.Diagnostic.Id);
        Assert.StartsWith("failed to parse stage name \"Bad:Name\"", ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cycle_through_copy_from_is_an_error()
    {
        var ex = PlanError("""
            FROM alpine AS a
            COPY --from=b /x /x
            FROM alpine AS b
            COPY --from=a /y /y
            """);
        Assert.Equal(PlanningErrorIds.CircularDependency, ex.Diagnostic.Id);
        Assert.Equal("circular dependency detected on stage: a", ex.Diagnostic.Message);
    }

    [Fact]
    public void Copy_from_own_stage_is_a_cycle()
    {
        var ex = PlanError("FROM alpine AS self\nCOPY --from=self /a /b\n");
        Assert.Equal(PlanningErrorIds.CircularDependency, ex.Diagnostic.Id);
        Assert.Equal(2, ex.Diagnostic.Range!.Value.Start.Line);
    }

    [Fact]
    public void Target_selection_is_case_insensitive_and_prunes()
    {
        const string text = """
            FROM alpine AS base
            FROM base AS test
            RUN make test
            FROM base AS release
            RUN make
            """;
        var plan = Plan(text, Request(target: "TEST"));
        Assert.Equal(1, plan.Target.Index);
        Assert.Equal([0, 1], Order(plan));
        Assert.False(plan.Stages[2].IsNeeded);

        var byDefault = Plan(text);
        Assert.Equal(2, byDefault.Target.Index);
        Assert.Equal([0, 2], Order(byDefault));
    }

    [Fact]
    public void Unknown_target_suggests_a_stage()
    {
        var ex = PlanError("FROM alpine AS builder\nFROM scratch AS release\n", Request(target: "relase"));
        Assert.Equal(PlanningErrorIds.TargetNotFound, ex.Diagnostic.Id);
        Assert.Equal("target stage \"relase\" could not be found (did you mean release?)", ex.Diagnostic.Message);
        Assert.Equal("did you mean release?", ex.Diagnostic.Suggestion);
    }

    [Fact]
    public void Unknown_target_without_close_name_has_no_suggestion()
    {
        var ex = PlanError("FROM alpine AS builder\n", Request(target: "zzzzzzzz"));
        Assert.Equal("target stage \"zzzzzzzz\" could not be found", ex.Diagnostic.Message);
        Assert.Null(ex.Diagnostic.Suggestion);
    }

    [Fact]
    public void Duplicate_names_resolve_to_the_last_definition()
    {
        var plan = Plan("""
            FROM alpine AS x
            FROM busybox AS x
            FROM scratch
            COPY --from=x /a /a
            """);
        Assert.Equal("CopyFrom:1", Deps(plan.Stages[2]));
        Assert.Equal([1, 2], Order(plan));
    }

    [Fact]
    public void Named_context_replaces_the_base_image()
    {
        var plan = Plan("FROM alpine:latest\nRUN true\n", Request(contexts: ["alpine"]));
        var context = Assert.IsType<NamedContextBase>(plan.Stages[0].Base);
        Assert.Equal("alpine", context.ContextName);
        Assert.False(context.ReplacesStage);
    }

    [Fact]
    public void Named_context_matches_normalised_references()
    {
        var plan = Plan("FROM docker.io/library/alpine\n", Request(contexts: ["alpine:latest"]));
        Assert.Equal("alpine:latest", Assert.IsType<NamedContextBase>(plan.Stages[0].Base).ContextName);

        var other = Plan("FROM alpine:3.19\n", Request(contexts: ["alpine"]));
        Assert.IsType<ImageBase>(other.Stages[0].Base);
    }

    [Fact]
    public void Named_context_with_the_stage_name_replaces_the_stage_and_its_dependencies()
    {
        var plan = Plan("""
            FROM alpine AS tools
            FROM golang AS deps
            COPY --from=tools /a /a
            FROM scratch
            COPY --from=deps /b /b
            """, Request(contexts: ["deps"]));
        var context = Assert.IsType<NamedContextBase>(plan.Stages[1].Base);
        Assert.True(context.ReplacesStage);
        Assert.True(plan.Stages[1].IsReplacedByContext);
        Assert.Empty(plan.Stages[1].Dependencies);
        Assert.Equal([1, 2], Order(plan));
    }

    [Fact]
    public void Copy_from_named_context()
    {
        var plan = Plan("FROM scratch\nCOPY --from=src /a /a\n", Request(contexts: ["src"]));
        Assert.Equal("src", Assert.Single(plan.Stages[0].Dependencies).Source.NamedContext);
    }

    [Fact]
    public void Scratch_and_context_never_match_named_contexts()
    {
        var plan = Plan("FROM scratch\n", Request(contexts: ["scratch"]));
        Assert.IsType<ScratchBase>(plan.Stages[0].Base);
    }

    [Fact]
    public void Parent_onbuild_triggers_add_dependencies_to_the_child()
    {
        var plan = Plan("""
            FROM alpine AS assets
            FROM alpine AS base
            ONBUILD COPY --from=assets /a /a
            FROM base AS app
            """);
        Assert.Equal("Base:1,CopyFrom:0", Deps(plan.Stages[2]));
        Assert.Equal([0, 1, 2], Order(plan));
        Assert.IsType<Kiln.Dockerfile.Instructions.OnbuildInstruction>(plan.Stages[2].Dependencies[1].Instruction);
    }

    [Fact]
    public void Instruction_before_from_is_an_error()
    {
        var ex = PlanError("ARG A=1\nRUN echo hi\nFROM alpine\n");
        Assert.Equal(PlanningErrorIds.NoBuildStage, ex.Diagnostic.Id);
        Assert.Equal("no build stage in current context", ex.Diagnostic.Message);
        Assert.Equal(2, ex.Diagnostic.Range!.Value.Start.Line);
    }

    [Fact]
    public void Only_args_is_no_stages()
    {
        var ex = PlanError("ARG A=1\n");
        Assert.Equal(PlanningErrorIds.NoStages, ex.Diagnostic.Id);
    }

    [Fact]
    public void Invalid_base_reference_is_an_error_at_from()
    {
        var ex = PlanError("FROM alpine\nFROM Not/Valid:x\n");
        Assert.Equal(PlanningErrorIds.InvalidReference, ex.Diagnostic.Id);
        Assert.StartsWith("failed to parse stage name \"Not/Valid:x\"", ex.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(2, ex.Diagnostic.Range!.Value.Start.Line);
    }

    [Fact]
    public void Stage_description_comes_from_comment_above_from()
    {
        var plan = Plan("# build compiles the app\n# other text\nFROM alpine AS build\nFROM build\n");
        Assert.Equal("compiles the app", plan.Stages[0].Description);
        Assert.Equal(string.Empty, plan.Stages[1].Description);
    }
}
