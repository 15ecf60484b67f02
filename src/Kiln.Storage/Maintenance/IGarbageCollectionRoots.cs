namespace Kiln.Storage.Maintenance;

/// <summary>
/// A source of garbage-collection roots beside the references in <c>index.json</c> (ARCHITECTURE.md decision 5:
/// "garbage collection marks from tags and cache records"). Called under the store's write lock.
/// </summary>
public interface IGarbageCollectionRoots
{
    /// <summary>The roots to keep alive.</summary>
    ValueTask<GarbageCollectionRoots> GetRootsAsync(CancellationToken cancellationToken = default);
}
