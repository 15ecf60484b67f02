using System.CommandLine;
using Kiln.Build.Cache;
using Kiln.Storage;

namespace Kiln.Cli.Commands;

/// <summary>
/// The global <c>--root</c> option and how commands open the local store with it: <c>--root</c>, else
/// <c>/var/lib/kiln</c> as root, else <c>$XDG_DATA_HOME/kiln</c> (<see cref="StoreLocation"/>).
/// </summary>
internal sealed class StoreAccess(Func<string, string?> environment)
{
    /// <summary>The <c>--root</c> option, recursive so every subcommand accepts it.</summary>
    public Option<string?> Root { get; } = new("--root")
    {
        Description = "Directory of the local image store (default /var/lib/kiln as root, $XDG_DATA_HOME/kiln otherwise)",
        Recursive = true,
    };

    /// <summary>The store directory for a parsed command line.</summary>
    public string Resolve(ParseResult result) =>
        StoreLocation.Resolve(result.GetValue(Root), Environment.UserName == "root", environment);

    /// <summary>
    /// Opens (creating if needed) the store for a parsed command line, with the build cache's records as extra
    /// garbage-collection roots, so <c>kiln prune</c> keeps the layers and snapshots cache hits need.
    /// </summary>
    public Task<LocalStore> OpenAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var root = Resolve(result);
        var options = new LocalStoreOptions { ExtraRoots = [new CacheGarbageCollectionRoots(OpenCache(root))] };
        return LocalStore.OpenAsync(root, options, cancellationToken);
    }

    /// <summary>The build cache kept inside the store at <paramref name="storeRoot"/>.</summary>
    public static BuildCache OpenCache(string storeRoot) => BuildCache.Open(storeRoot, TimeProvider.System);
}
