using System.Globalization;
using Kiln.Build.Cache;
using Kiln.Storage.Maintenance;

namespace Kiln.Cli.Rendering;

/// <summary>
/// Renders <c>kiln system df</c> in <c>docker system df</c>'s table: <c>TYPE TOTAL ACTIVE SIZE RECLAIMABLE</c> with rows
/// Images (every blob; reclaimable = blobs no reference reaches, what <c>kiln prune</c> frees), Build Cache (records;
/// size = the layers only cache records keep plus the cache's own files, all of it freed by <c>kiln prune --cache</c>; a
/// record is never active outside a build), Mount Cache (<c>RUN --mount=type=cache</c> directories, also freed by
/// <c>prune --cache</c>) and Snapshots (unpacked layers; active = used by a tagged image). Sizes use 4 significant digits, as Docker's.
/// </summary>
internal static class StoreUsageRenderer
{
    public static string Table(DiskUsage usage, CacheUsage cache, (int Count, long Bytes) cacheMounts, int activeSnapshots, long reclaimableSnapshotBytes)
    {
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(cache);
        var table = new StoreTable("TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE");
        var imageBytes = usage.ImagesBytes + usage.UnreferencedBytes;
        table.Add(
            "Images",
            Count(usage.Images),
            Count(usage.Images),
            StoreFormat.HumanSize(imageBytes, 4),
            StoreFormat.WithPercent(usage.UnreferencedBytes, imageBytes));
        table.Add("Build Cache", Count(cache.Records), "0", StoreFormat.HumanSize(cache.TotalBytes, 4), StoreFormat.HumanSize(cache.TotalBytes, 4));
        table.Add("Mount Cache", Count(cacheMounts.Count), "0", StoreFormat.HumanSize(cacheMounts.Bytes, 4), StoreFormat.HumanSize(cacheMounts.Bytes, 4));
        table.Add(
            "Snapshots",
            Count(usage.Snapshots),
            Count(activeSnapshots),
            StoreFormat.HumanSize(usage.SnapshotsBytes, 4),
            StoreFormat.WithPercent(reclaimableSnapshotBytes, usage.SnapshotsBytes));
        return table.ToString();
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
