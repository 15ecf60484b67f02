using Kiln.Oci.Images;

namespace Kiln.Cli.Tests.Store;

/// <summary>
/// The images most tests start from: <c>busybox:latest</c> (one layer, 30 days old, Docker-style history) and
/// <c>app:1.0</c> built on it (its layer plus a BuildKit-style RUN layer, 3 days old, with metadata-only steps).
/// </summary>
internal sealed record StoreScenario(TestStore Store, TestImage Busybox, TestImage App)
{
    public const string LongRun = "RUN /bin/sh -c echo hello > /srv/greeting.txt && chmod 0644 /srv/greeting.txt # buildkit";

    public static DateTimeOffset BaseCreated => TestStore.Now.AddDays(-30);

    public static DateTimeOffset AppCreated => TestStore.Now.AddDays(-3);

    public static async Task<StoreScenario> CreateAsync()
    {
        var store = await TestStore.CreateAsync();
        var busybox = await store.AddBaseImageAsync(BaseCreated, "busybox binary", "busybox:latest");
        var appLayer = await store.AddLayerAsync(TestStore.Tar(("srv/greeting.txt", "hello\n")));
        var app = await store.AddImageAsync(
            [busybox.Layers[0], appLayer],
            [
                new HistoryEntry { Created = BaseCreated, CreatedBy = "/bin/sh -c #(nop) ADD file:5b1e63a3cb041772 in / " },
                new HistoryEntry { Created = BaseCreated, CreatedBy = "/bin/sh -c #(nop)  CMD [\"sh\"]", EmptyLayer = true },
                new HistoryEntry { Created = AppCreated, CreatedBy = "WORKDIR /srv", Comment = "buildkit.dockerfile.v0", EmptyLayer = true },
                new HistoryEntry { Created = AppCreated, CreatedBy = LongRun, Comment = "buildkit.dockerfile.v0" },
                new HistoryEntry { Created = AppCreated, CreatedBy = "CMD [\"cat\" \"/srv/greeting.txt\"]", Comment = "buildkit.dockerfile.v0", EmptyLayer = true },
            ],
            AppCreated,
            "app:1.0");
        return new StoreScenario(store, busybox, app);
    }
}
