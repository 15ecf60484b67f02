using System.Globalization;
using Kiln.Build.Images;
using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Instructions;
using Kiln.Dockerfile.Planning;
using Kiln.Oci.Images;

namespace Kiln.Build.Engine;

/// <summary>
/// Builds one stage: starts from its base (scratch, an image, an earlier stage), runs each filesystem step through
/// the cache (COPY, ADD, WORKDIR; RUN is issue #5) and appends one history entry per instruction as BuildKit does
/// (DF-IMG-HISTORY). Stages it copies from are started at once so independent stages run in parallel.
/// </summary>
internal sealed partial class StageRunner(BuildSession session)
{
    private const string HistoryComment = "buildkit.dockerfile.v0";

    public static Task<StageResult> RunAsync(int index, BuildSession session, CancellationToken cancellationToken) =>
        new StageRunner(session).RunStageAsync(index, cancellationToken);

    private async Task<StageResult> RunStageAsync(int index, CancellationToken cancellationToken)
    {
        try
        {
            return await RunStageCoreAsync(index, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var view in _keepAlive)
            {
                view?.Dispose();
            }
        }
    }

    private async Task<StageResult> RunStageCoreAsync(int index, CancellationToken cancellationToken)
    {
        var evaluated = session.Stages[index];
        var plan = evaluated.Stage;

        // Start every stage this one depends on now, so they build while this one works (DF-STAGE-PARALLEL).
        foreach (var dependency in plan.Dependencies)
        {
            if (dependency.Source.StageIndex is { } other && other != index)
            {
                session.Start(other);
            }
        }

        foreach (var step in evaluated.Steps)
        {
            if (step.CopySource?.StageIndex is { } other && other != index)
            {
                session.Start(other);
            }
        }

        var total = 1 + evaluated.Steps.Count(IsFilesystemStep);
        var prefix = string.IsNullOrEmpty(plan.DisplayName) ? string.Empty : plan.DisplayName + " ";
        FsState fs;
        List<HistoryEntry> history;
        DateTimeOffset? baseCreated;
        switch (plan.Base)
        {
            case StageReferenceBase reference:
                var parent = await session.GetStageAsync(reference.StageIndex).ConfigureAwait(false);
                fs = parent.Fs;
                history = [.. parent.History];
                baseCreated = parent.BaseCreated;
                break;
            case ScratchBase:
                fs = FsState.Empty;
                history = [];
                baseCreated = null;
                break;
            default:
                var resolved = session.Bases[index];
                var from = session.Reporter.Start($"[{prefix}1/{total}] FROM {resolved.Name}", plan.DisplayName, 1);
                from.Done(cached: !resolved.WasUnpacked);
                fs = resolved.Fs;
                history = [.. resolved.Image.Config.Value.History ?? []];
                baseCreated = resolved.Image.Config.Value.Created;
                break;
        }

        var position = 1;
        foreach (var step in evaluated.Steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            StepOutcome? outcome = null;
            if (IsFilesystemStep(step))
            {
                position++;
                var name = $"[{prefix}{position.ToString(CultureInfo.InvariantCulture)}/{total.ToString(CultureInfo.InvariantCulture)}] {DisplayText(step)}";
                outcome = await RunFilesystemStepAsync(plan, step, fs, name, position, cancellationToken).ConfigureAwait(false);
                if (outcome.Layer is { } layer)
                {
                    fs = new FsState(outcome.Key, [.. fs.Layers, layer], outcome.Created);
                }
            }

            if (HistoryText.For(step) is { } text)
            {
                history.Add(new HistoryEntry
                {
                    Created = HistoryTime(outcome?.Created ?? fs.LastChange ?? baseCreated),
                    CreatedBy = text,
                    Comment = HistoryComment,
                    EmptyLayer = outcome?.Layer is null,
                });
            }
        }

        return new StageResult(evaluated, fs, history, baseCreated);
    }

    private DateTimeOffset HistoryTime(DateTimeOffset? fallback) =>
        session.Options.SourceDateEpoch is { } epoch ? DateTimeOffset.FromUnixTimeSeconds(epoch) : fallback ?? session.BuildTime;

    // WORKDIR / makes no directory and no layer: BuildKit only adds its mkdir (and the layer) for another path.
    private static bool IsFilesystemStep(EvaluatedStep step) => step.Expanded switch
    {
        CopyInstruction or AddInstruction or RunInstruction => true,
        WorkdirInstruction => step.After.WorkingDirectory != "/",
        _ => false,
    };

    private static string DisplayText(EvaluatedStep step)
    {
        var original = step.Instruction.Node.Original;
        var text = string.Join(' ', original.Split(['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries)).Replace("\\ ", " ", StringComparison.Ordinal);
        return step.IsOnbuildTrigger ? "ONBUILD " + text : text;
    }

    private static DockerfileException Error(string id, string message, EvaluatedStep step, string? filePath) =>
        new(Diagnostic.Error(id, message, filePath, step.Range));
}
