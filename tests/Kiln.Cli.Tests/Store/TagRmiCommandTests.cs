namespace Kiln.Cli.Tests.Store;

/// <summary><c>kiln tag</c> and <c>kiln rmi</c>: round trips, Docker's output lines, the multi-repository conflict and errors.</summary>
public sealed class TagRmiCommandTests
{
    [Fact]
    public async Task Tag_then_rmi_by_name_untags_only_that_name()
    {
        var (store, _, app) = await StoreScenario.CreateAsync();
        using var __ = store;

        Assert.Equal(string.Empty, store.Kiln("tag", app.Id.Short, "registry.example.com/team/app:2.0").AssertSuccess().Stdout);
        Assert.Contains($"registry.example.com/team/app   2.0       {app.Id.Short}", store.Kiln("images").Stdout, StringComparison.Ordinal);

        var removed = store.Kiln("rmi", "registry.example.com/team/app:2.0").AssertSuccess();

        Assert.Equal("Untagged: registry.example.com/team/app:2.0\n", removed.Stdout);
        Assert.Equal($"{app.Id.Short}\n", store.Kiln("images", "-q", "app").Stdout);
        Assert.Equal(string.Empty, store.Kiln("images", "-q", "registry.example.com/team/app").Stdout);
    }

    [Fact]
    public async Task Rmi_of_the_last_tag_prints_untagged_and_deleted()
    {
        var (store, busybox, _) = await StoreScenario.CreateAsync();
        using var __ = store;

        var result = store.Kiln("rmi", "busybox").AssertSuccess();

        Assert.Equal($"Untagged: busybox:latest\nDeleted: {busybox.Id}\n", result.Stdout);
        Assert.Equal(1, store.Kiln("inspect", "busybox").ExitCode);
    }

    [Fact]
    public async Task Rmi_by_id_with_tags_in_several_repositories_needs_force()
    {
        var (store, _, app) = await StoreScenario.CreateAsync();
        using var __ = store;
        store.Kiln("tag", "app:1.0", "other/app:x").AssertSuccess();

        var refused = store.Kiln("rmi", app.Id.Short);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"unable to delete {app.Id.Short} (must be forced) - image is referenced in multiple repositories", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal($"{app.Id.Short}\n{app.Id.Short}\n", store.Kiln("images", "-q", "app").Stdout + store.Kiln("images", "-q", "other/app").Stdout);

        var forced = store.Kiln("rmi", "-f", app.Id.ToString()).AssertSuccess();

        Assert.Equal($"Untagged: app:1.0\nUntagged: other/app:x\nDeleted: {app.Id}\n", forced.Stdout);
        Assert.Equal(string.Empty, store.Kiln("images", "-q", "app").Stdout + store.Kiln("images", "-q", "other/app").Stdout);
    }

    [Fact]
    public async Task Rmi_by_id_with_tags_in_one_repository_removes_them_all()
    {
        var (store, _, app) = await StoreScenario.CreateAsync();
        using var __ = store;
        store.Kiln("tag", "app:1.0", "app:latest").AssertSuccess();

        var result = store.Kiln("rmi", app.Id.Short).AssertSuccess();

        Assert.Equal($"Untagged: app:1.0\nUntagged: app:latest\nDeleted: {app.Id}\n", result.Stdout);
    }

    [Fact]
    public async Task Unknown_images_exit_1_with_dockers_message_and_the_others_are_still_removed()
    {
        var (store, busybox, _) = await StoreScenario.CreateAsync();
        using var __ = store;

        var result = store.Kiln("rmi", "nosuch:1", "busybox:latest");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error: No such image: nosuch:1\n", result.Stderr);
        Assert.Equal($"Untagged: busybox:latest\nDeleted: {busybox.Id}\n", result.Stdout);
    }

    [Fact]
    public async Task Invalid_references_exit_2()
    {
        var (store, _, _) = await StoreScenario.CreateAsync();
        using var __ = store;

        var rmi = store.Kiln("rmi", "Not_Valid!");
        var tag = store.Kiln("tag", "app:1.0", "Foo:1");
        var tagUnknown = store.Kiln("tag", "nosuch", "app:2.0");

        Assert.Equal(2, rmi.ExitCode);
        Assert.Contains("invalid reference format", rmi.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, tag.ExitCode);
        Assert.StartsWith("Error parsing reference: \"Foo:1\" is not a valid repository/tag: invalid reference format", tag.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, tagUnknown.ExitCode);
        Assert.Equal("Error: No such image: nosuch\n", tagUnknown.Stderr);
    }
}
