using Kiln.Dockerfile.Planning;
using Kiln.Oci.Images;

namespace Kiln.Build.Engine;

/// <summary>A built stage: its evaluated steps and final state, its filesystem, and its image history so far.</summary>
internal sealed record StageResult(EvaluatedStage Stage, FsState Fs, IReadOnlyList<HistoryEntry> History, DateTimeOffset? BaseCreated);
