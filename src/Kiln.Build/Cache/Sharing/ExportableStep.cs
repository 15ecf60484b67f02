namespace Kiln.Build.Cache.Sharing;

/// <summary>A filesystem step of a finished build that an export may carry: where it ran (stage index and name, position), the key of the filesystem it ran on, and its record.</summary>
public sealed record ExportableStep(int StageIndex, string? Stage, int Position, CacheKey? Parent, CacheRecord Record);
