using System.Collections.Concurrent;
using Kiln.Build.Cache;
using Kiln.Build.Context;
using Kiln.Build.Context.Hashing;
using Kiln.Build.Layers;
using Kiln.Build.Snapshots;
using Kiln.Dockerfile.Planning;
using Kiln.Storage;

namespace Kiln.Build.Engine;

/// <summary>
/// The shared state of one build: the request, the evaluated stages, the store, cache and snapshotter, and one task
/// per stage so every stage (and every identical step) runs at most once however many stages need it (DF-STAGE-PARALLEL).
/// </summary>
internal sealed class BuildSession
{
    private readonly ConcurrentDictionary<int, Lazy<Task<StageResult>>> _stages = new();
    private readonly ConcurrentDictionary<CacheKey, Lazy<Task<StepOutcome>>> _steps = new();

    public required BuildOptions Options { get; init; }

    public required BuildPlan Plan { get; init; }

    public required IReadOnlyDictionary<int, EvaluatedStage> Stages { get; init; }

    public required IReadOnlyDictionary<int, ResolvedBase> Bases { get; init; }

    public required IReadOnlyDictionary<string, ResolvedBase> Images { get; init; }

    public required LocalStore Store { get; init; }

    public required BuildCache Cache { get; init; }

    public required ISnapshotter Snapshotter { get; init; }

    public required LayerCommitter Committer { get; init; }

    public required StepReporter Reporter { get; init; }

    public required ContentHasher Hasher { get; init; }

    public required BuildWorkspace Workspace { get; init; }

    /// <summary>The main context resolver (ignore file applied), or null without a context.</summary>
    public ContextSourceResolver? Context { get; init; }

    /// <summary>The ignore-file layer of the main context, or null.</summary>
    public ContextFilter? ContextIgnore { get; init; }

    public required DateTimeOffset BuildTime { get; init; }

    public required Func<int, BuildSession, CancellationToken, Task<StageResult>> RunStage { get; init; }

    public required CancellationToken CancellationToken { get; init; }

    public HttpClient Http { get; init; } = null!;

    /// <summary>Makes the OCI runtime RUN steps use, keeping its state under the given directory.</summary>
    public required Func<string, Kiln.Runtime.IContainerRuntime> CreateRuntime { get; init; }

    private readonly ConcurrentQueue<Cache.Sharing.ExportableStep> _exportable = new();
    private readonly ConcurrentQueue<Cache.Sharing.ExportableMount> _mounts = new();

    /// <summary>The records of <c>--cache-from</c>, consulted on a local miss; null without imports.</summary>
    public Cache.Sharing.ImportedCache? Imported { get; init; }

    /// <summary>Every filesystem step looked up or run so far, for <c>--cache-to</c>.</summary>
    public IReadOnlyCollection<Cache.Sharing.ExportableStep> ExportableSteps => _exportable;

    /// <summary>Every RUN cache mount id used so far (by stage), for <c>--cache-to ...,mounts=true</c>.</summary>
    public IReadOnlyCollection<Cache.Sharing.ExportableMount> ExportableMounts => _mounts;

    public void NoteStep(Cache.Sharing.ExportableStep step) => _exportable.Enqueue(step);

    public void NoteCacheMount(Cache.Sharing.ExportableMount mount) => _mounts.Enqueue(mount);

    private int _run;
    private int _cached;

    public int StepsRun => _run;

    public int StepsCached => _cached;

    public void CountStep(bool cached)
    {
        if (cached)
        {
            Interlocked.Increment(ref _cached);
        }
        else
        {
            Interlocked.Increment(ref _run);
        }
    }

    /// <summary>The result of stage <paramref name="index"/>, building it (once) if needed.</summary>
    public Task<StageResult> GetStageAsync(int index) =>
        _stages.GetOrAdd(index, i => new Lazy<Task<StageResult>>(() => Task.Run(() => RunStage(i, this, CancellationToken), CancellationToken))).Value;

    /// <summary>Starts stage <paramref name="index"/> without waiting for it.</summary>
    public void Start(int index) => _ = GetStageAsync(index);

    /// <summary>Runs <paramref name="execute"/> once per key within this build (identical steps of several stages share it).</summary>
    public Task<StepOutcome> RunOnceAsync(CacheKey key, Func<Task<StepOutcome>> execute) =>
        _steps.GetOrAdd(key, _ => new Lazy<Task<StepOutcome>>(execute)).Value;
}
