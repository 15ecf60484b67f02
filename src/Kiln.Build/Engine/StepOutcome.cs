using Kiln.Build.Cache;
using Kiln.Build.Layers;

namespace Kiln.Build.Engine;

/// <summary>What one filesystem step produced: its cache key, its layer (null for an empty diff), when it was first built and its cache record.</summary>
internal sealed record StepOutcome(CacheKey Key, LayerRef? Layer, DateTimeOffset Created, bool Cached)
{
    /// <summary>The record stored for (or found for) the step, which a cache export carries.</summary>
    public CacheRecord? Record { get; init; }
}
