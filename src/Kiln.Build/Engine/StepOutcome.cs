using Kiln.Build.Cache;
using Kiln.Build.Layers;

namespace Kiln.Build.Engine;

/// <summary>What one filesystem step produced: its cache key, its layer (null for an empty diff) and when it was first built.</summary>
internal sealed record StepOutcome(CacheKey Key, LayerRef? Layer, DateTimeOffset Created, bool Cached);
