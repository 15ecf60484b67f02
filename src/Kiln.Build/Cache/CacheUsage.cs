namespace Kiln.Build.Cache;

/// <summary>
/// Disk used by the <see cref="BuildCache"/>, for <c>kiln system df</c>. Layer sizes are blob sizes as stored
/// (compressed), each blob counted once however many records share it; blobs missing from the store count zero.
/// </summary>
/// <param name="Records">Valid cache records.</param>
/// <param name="LayerBytes">Every layer blob a record references, including those tagged images use too.</param>
/// <param name="CacheOnlyLayerBytes">Layer blobs referenced by records and by no image: what <c>kiln prune --cache</c> releases.</param>
/// <param name="MetadataBytes">The cache's own files (records and remembered steps under <c>cache/</c>).</param>
public sealed record CacheUsage(int Records, long LayerBytes, long CacheOnlyLayerBytes, long MetadataBytes)
{
    /// <summary>What the cache alone holds on disk: <see cref="CacheOnlyLayerBytes"/> + <see cref="MetadataBytes"/>.</summary>
    public long TotalBytes => CacheOnlyLayerBytes + MetadataBytes;
}
