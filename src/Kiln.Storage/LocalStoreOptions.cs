using Kiln.Storage.Maintenance;
using Kiln.Storage.Snapshots;

namespace Kiln.Storage;

/// <summary>Settings for opening a <see cref="LocalStore"/>.</summary>
public sealed record LocalStoreOptions
{
    /// <summary>Clock for ages (stale ingest files, GC grace periods).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Temp files in <c>ingest/</c> older than this are left-overs of crashed processes and are removed on open.
    /// Younger ones may belong to a live writer in another process.</summary>
    public TimeSpan StaleIngestAge { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Turns layer blobs into tar streams when unpacking snapshots; null for the built-in gzip/uncompressed one.</summary>
    public ILayerDecompressor? Decompressor { get; init; }

    /// <summary>Extra garbage-collection roots beside <c>index.json</c> (e.g. build cache records).</summary>
    public IReadOnlyList<IGarbageCollectionRoots> ExtraRoots { get; init; } = [];
}
