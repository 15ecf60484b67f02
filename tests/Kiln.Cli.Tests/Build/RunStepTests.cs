using Kiln.Testing;
using static Kiln.Cli.Tests.Images.ImageInteropTestsSupport;

namespace Kiln.Cli.Tests.Build;

/// <summary>
/// Issue #5 through the real binary, runc and overlayfs: RUN changes become exactly the layer (whiteouts, no mount points
/// or generated /etc files), ENV and ARGs reach the process and the history, USER resolves in the image's passwd, a
/// failing command names its exit code and output and keeps the previous image, cache mounts persist outside layers,
/// and independent RUN stages overlap.
/// </summary>
public sealed class RunStepTests(BuildFixture fixture) : IClassFixture<BuildFixture>
{
    [Theory]
    [InlineData("runc")]
    [InlineData("crun")]
    public void RunChangesBecomeTheLayerAndNothingElse(string runtime)
    {
        using var dir = new TempDirectory("kiln-run-layer-" + runtime);
        var store = fixture.NewStore(dir);
        var context = Context(dir, $"""
            FROM {BuildFixture.Base}
            ARG V=1
            ENV E=2
            RUN echo "v=$V e=$E" > /created && rm /bin/yes && rm -rf /home && mkdir /home && echo x > /home/new && chmod 0750 /home
            RUN --mount=type=bind,target=/ctx --mount=type=tmpfs,target=/scratch cp /ctx/a.txt /from-context && touch /scratch/gone
            RUN true
            """);
        var events = Build(store, context, "-t", "app", "--runtime", runtime);
        Assert.All(events.InstructionSteps, s => Assert.False(s.Cached, s.Name));

        var files = Files(store, dir, "app");
        Assert.Equal("v=1 e=2\n", files["created"]);
        Assert.Equal("A\n", files["from-context"]);
        Assert.Equal("x\n", files["home/new"]);
        Assert.DoesNotContain("bin/yes", files.Keys);
        Assert.Contains("bin/sh", files.Keys);
        foreach (var leaked in (string[])["etc/hosts", "etc/resolv.conf", "etc/hostname", "ctx", "scratch", "scratch/gone"])
        {
            Assert.DoesNotContain(leaked, files.Keys);
        }

        // The layers: the first RUN holds the whiteout of /bin/yes and the opaque re-created /home; `RUN true` makes none.
        var history = Ok(RunKiln(store, "history", "--no-trunc", "app"), "kiln history").Stdout;
        Assert.Contains("RUN |1 V=1 /bin/sh -c echo \"v=$V e=$E\" > /created", history, StringComparison.Ordinal);
        var listing = SavedLayerListing(store, dir, "app");
        Assert.Contains("bin/.wh.yes", listing, StringComparison.Ordinal);
        Assert.Contains("home/.wh..wh..opq", listing, StringComparison.Ordinal);
        Assert.DoesNotContain("etc/", listing, StringComparison.Ordinal);

        var again = Build(store, context, "-t", "app", "--runtime", runtime);
        Assert.All(again.InstructionSteps, s => Assert.True(s.Cached, s.Name + " should hit"));
    }

    [Fact]
    public void CopySnapshotterBuildsWhatOverlayBuilds()
    {
        using var dir = new TempDirectory("kiln-run-copy-snapshotter");
        var context = Context(dir, $"""
            FROM {BuildFixture.Base}
            ARG V=1
            RUN echo "v=$V" > /created && rm /bin/yes && rm -rf /home && mkdir /home && echo x > /home/new && chmod 0750 /home && ln /created /hard && ln -s /created /soft && mkfifo /fifo && chown 1:2 /created
            COPY a.txt /from-context
            RUN --mount=type=bind,target=/ctx cp /ctx/a.txt /copied && rm /from-context && chmod 4755 /copied && echo more >> /etc/passwd
            RUN true
            """);
        var listings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var snapshotter in (string[])["overlay", "copy"])
        {
            var store = Path.Combine(dir.Path, "store-" + snapshotter);
            Ok(RunKiln(store, "import", fixture.BusyboxRootfs, BuildFixture.Base), "kiln import busybox");
            var events = Build(store, context, "-t", "app", "--snapshotter", snapshotter);
            Assert.All(events.InstructionSteps, s => Assert.False(s.Cached, s.Name));
            listings[snapshotter] = ExportListing(store, dir, "app");
            Assert.Contains("bin/.wh.yes", SavedLayerListing(store, dir, "app"), StringComparison.Ordinal);
            var again = Build(store, context, "-t", "app", "--snapshotter", snapshotter);
            Assert.All(again.InstructionSteps, s => Assert.True(s.Cached, s.Name + " should hit"));
        }

        Assert.Contains("-rw-r--r-- 1/2 4 created", listings["copy"], StringComparison.Ordinal);
        Assert.DoesNotContain(" from-context", listings["copy"], StringComparison.Ordinal);
        Assert.Equal(listings["overlay"], listings["copy"]);

        var failed = RunKiln(Path.Combine(dir.Path, "store-copy"), "build", "--snapshotter", "zfs", context);
        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains("use overlay or copy", failed.Stderr, StringComparison.Ordinal);
    }

    /// <summary><c>tar -tv</c> of the image's filesystem without times: type, mode, owner, size, name, link.</summary>
    private static string ExportListing(string store, TempDirectory dir, string image)
    {
        var export = Path.Combine(dir.Path, "export-" + Guid.NewGuid().ToString("N") + ".tar");
        Ok(RunKiln(store, "export", image, "-o", export), "kiln export");
        var lines = Ok(Run("tar", ["-tvf", export, "--numeric-owner"]), "tar -tv").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => string.Join(' ', f.Take(3).Concat(f.Skip(5))))
            .Order(StringComparer.Ordinal);
        return string.Join('\n', lines);
    }

    [Fact]
    public void ContextBindMountsHideWhatTheIgnoreFileExcludes()
    {
        using var dir = new TempDirectory("kiln-run-bind-ignore");
        var store = fixture.NewStore(dir);
        var context = Context(dir, $"FROM {BuildFixture.Base}\nRUN --mount=type=bind,target=/ctx ls -A /ctx > /listing\n");
        File.WriteAllText(Path.Combine(context, "secret.env"), "TOKEN=do-not-show\n");
        Directory.CreateDirectory(Path.Combine(context, "private"));
        File.WriteAllText(Path.Combine(context, "private", "key"), "k\n");
        File.WriteAllText(Path.Combine(context, ".dockerignore"), "secret.env\nprivate\n");
        Ok(RunKiln(store, "build", "-q", "-t", "app", context), "build");
        Assert.Equal(".dockerignore\nDockerfile\na.txt\n", Files(store, dir, "app")["listing"]);

        // A subdirectory source: the ignore file's patterns are context-relative (sub/*.log, not *.log inside sub).
        Directory.CreateDirectory(Path.Combine(context, "sub", "deep"));
        File.WriteAllText(Path.Combine(context, "sub", "keep.txt"), "keep\n");
        File.WriteAllText(Path.Combine(context, "sub", "drop.log"), "drop\n");
        File.WriteAllText(Path.Combine(context, "sub", "deep", "drop.log"), "kept: the pattern is sub/*.log\n");
        File.WriteAllText(Path.Combine(context, ".dockerignore"), "secret.env\nprivate\nsub/*.log\n");
        File.WriteAllText(Path.Combine(context, "Dockerfile"), $$"""
            FROM {{BuildFixture.Base}}
            RUN --mount=type=bind,source=sub,target=/sub find /sub | sort > /listing
            RUN --mount=type=bind,source=sub/keep.txt,target=/k cat /k > /single
            """);
        Ok(RunKiln(store, "build", "-q", "-t", "sub", context), "build with a subdirectory bind");
        var files = Files(store, dir, "sub");
        Assert.Equal("/sub\n/sub/deep\n/sub/deep/drop.log\n/sub/keep.txt\n", files["listing"]);
        Assert.Equal("keep\n", files["single"]);

        // An excluded single file is not in the context: the error says so.
        File.WriteAllText(Path.Combine(context, "Dockerfile"), $"FROM {BuildFixture.Base}\nRUN --mount=type=bind,source=secret.env,target=/s cat /s\n");
        var failed = RunKiln(store, "build", "--progress=plain", context);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("secret.env is excluded by .dockerignore", failed.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("do-not-show", failed.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void PrivateCacheMountsGiveConcurrentWritersTheirOwnDirectory()
    {
        using var dir = new TempDirectory("kiln-run-cache-private");
        var store = fixture.NewStore(dir);
        const string Use = "ls /c > /seen; touch /c/$STAGE; sleep 2";
        var context = Context(dir, $"""
            FROM {BuildFixture.Base} AS left
            ENV STAGE=left
            RUN --mount=type=cache,id=p,sharing=private,target=/c {Use}

            FROM {BuildFixture.Base} AS right
            ENV STAGE=right
            RUN --mount=type=cache,id=p,sharing=private,target=/c {Use}

            FROM {BuildFixture.Base}
            COPY --from=left /seen /left
            COPY --from=right /seen /right
            """);
        var events = Build(store, context, "-t", "private");
        var steps = events.Steps.Where(s => s.Name.Contains("sharing=private", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, steps.Count);
        Assert.True(steps[0].Started < steps[1].Completed && steps[1].Started < steps[0].Completed, "private cache users must not wait for each other");
        var files = Files(store, dir, "private");
        Assert.Equal(string.Empty, files["left"]);
        Assert.Equal(string.Empty, files["right"]);

        // locked: the second writer waits for the first and then sees its file.
        File.WriteAllText(Path.Combine(context, "Dockerfile"), File.ReadAllText(Path.Combine(context, "Dockerfile")).Replace("id=p,sharing=private", "id=l,sharing=locked", StringComparison.Ordinal));
        Ok(RunKiln(store, "build", "-q", "-t", "locked", context), "build with locked cache mounts");
        var seen = Files(store, dir, "locked");
        Assert.Equal(1, new[] { seen["left"], seen["right"] }.Count(s => s!.Length > 0));
    }

    [Fact]
    public void CacheMountFromAStageStartsWithItsFiles()
    {
        using var dir = new TempDirectory("kiln-run-cache-from");
        var store = fixture.NewStore(dir);
        var context = Context(dir, $"""
            FROM {BuildFixture.Base} AS seed
            RUN mkdir -p /deps && echo seeded > /deps/lock

            FROM {BuildFixture.Base}
            RUN --mount=type=cache,target=/cache,from=seed,source=/deps cat /cache/lock > /first && echo more >> /cache/lock
            """);
        Ok(RunKiln(store, "build", "-q", "-t", "one", context), "first build");
        Assert.Equal("seeded\n", Files(store, dir, "one")["first"]);
        Assert.DoesNotContain("cache/lock", Files(store, dir, "one").Keys);

        // The seeded cache persists like any other: the next build sees what the last one added.
        Ok(RunKiln(store, "build", "-q", "--no-cache", "-t", "two", context), "second build");
        Assert.Equal("seeded\nmore\n", Files(store, dir, "two")["first"]);

        File.WriteAllText(Path.Combine(context, "Dockerfile"), $"FROM {BuildFixture.Base} AS seed\nFROM {BuildFixture.Base}\nRUN --mount=type=cache,target=/c,from=seed,source=/nope true\n");
        var failed = RunKiln(store, "build", "--progress=plain", context);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("source /nope is not a directory", failed.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void UserResolvesInTheImageAndUnknownUsersFailClearly()
    {
        using var dir = new TempDirectory("kiln-run-user");
        var store = fixture.NewStore(dir);
        var context = Context(dir, $"FROM {BuildFixture.Base}\nUSER nobody\nRUN id > /tmp/id\nUSER root\nRUN cp /tmp/id /id\n");
        Ok(RunKiln(store, "build", "-q", "-t", "app", context), "build");
        Assert.Equal("uid=65534(nobody) gid=65534(nogroup)\n", Files(store, dir, "app")["id"]);

        File.WriteAllText(Path.Combine(context, "Dockerfile"), $"FROM {BuildFixture.Base}\nUSER nosuch\nRUN id\n");
        var failed = RunKiln(store, "build", "--progress=plain", context);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("unable to find user nosuch", failed.Stderr, StringComparison.Ordinal);
        Assert.Contains("Dockerfile:3", failed.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void FailingCommandNamesExitCodeAndOutputAndKeepsThePreviousImage()
    {
        using var dir = new TempDirectory("kiln-run-fail");
        var store = fixture.NewStore(dir);
        var context = Context(dir, $"FROM {BuildFixture.Base}\nRUN echo ok > /ok\n");
        Ok(RunKiln(store, "build", "-q", "-t", "app", context), "first build");
        var before = Ok(RunKiln(store, "inspect", "app"), "inspect").Stdout;

        File.WriteAllText(Path.Combine(context, "Dockerfile"), $"FROM {BuildFixture.Base}\nRUN echo to-stdout; echo to-stderr >&2; exit 3\n");
        var failed = RunKiln(store, "build", "--progress=plain", "-t", "app", context);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("process \"/bin/sh -c echo to-stdout; echo to-stderr >&2; exit 3\" did not complete successfully: exit code: 3", failed.Stderr, StringComparison.Ordinal);
        Assert.Contains("to-stdout", failed.Stderr, StringComparison.Ordinal);
        Assert.Contains("to-stderr", failed.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, Ok(RunKiln(store, "inspect", "app"), "inspect").Stdout);
        Ok(RunKiln(store, "system", "check"), "store check");
    }

    [Fact]
    public void CacheMountsPersistAcrossBuildsAndNeverReachALayer()
    {
        using var dir = new TempDirectory("kiln-run-cachemount");
        var store = fixture.NewStore(dir);
        var context = Context(dir, $"FROM {BuildFixture.Base}\nRUN --mount=type=cache,target=/cache,uid=65534,mode=0700 ls -ln /cache > /seen; stat -c '%u %a' /cache >> /seen; echo run >> /cache/runs\n");
        Ok(RunKiln(store, "build", "-q", "-t", "one", context), "first build");
        Ok(RunKiln(store, "build", "-q", "--no-cache", "-t", "two", context), "second build");
        var first = Files(store, dir, "one");
        var second = Files(store, dir, "two");
        Assert.Equal("total 0\n65534 700\n", first["seen"]);
        Assert.Contains("runs", second["seen"], StringComparison.Ordinal);
        Assert.DoesNotContain("cache/runs", second.Keys);
        Assert.DoesNotContain("cache", second.Keys);

        // The cache mount shows in system df and goes with prune --cache: the next build starts from an empty one.
        var row = Ok(RunKiln(store, "system", "df"), "system df").Stdout.Split('\n').Single(l => l.StartsWith("Mount Cache", StringComparison.Ordinal));
        Assert.Equal("1", row["Mount Cache".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]);
        Ok(RunKiln(store, "prune", "-f", "--cache"), "prune --cache");
        Ok(RunKiln(store, "build", "-q", "--no-cache", "-t", "three", context), "third build");
        Assert.Equal("total 0\n65534 700\n", Files(store, dir, "three")["seen"]);
    }

    [Fact]
    public void IndependentCpuBoundStagesFinishInTheTimeOfOne()
    {
        using var dir = new TempDirectory("kiln-run-parallel");
        var store = fixture.NewStore(dir);

        // About 3 s of CPU each in busybox sh on these machines.
        const string Spin = "i=0; while [ $i -lt 3000000 ]; do i=$((i+1)); done; echo $i";
        var context = Context(dir, $"""
            FROM {BuildFixture.Base} AS left
            RUN {Spin} > /left

            FROM {BuildFixture.Base} AS right
            RUN {Spin} > /right

            FROM {BuildFixture.Base}
            COPY --from=left /left /left
            COPY --from=right /right /right
            """);
        var events = Build(store, context);
        var steps = events.Steps.Where(s => s.Name.Contains("RUN i=0", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, steps.Count);
        var spans = steps.Select(s => (Start: s.Started, End: s.Completed ?? throw new InvalidOperationException(s.Name + " never completed"))).ToList();
        var wall = spans.Max(s => s.End) - spans.Min(s => s.Start);
        var longest = spans.Max(s => s.End - s.Start);
        var sum = spans.Sum(s => (s.End - s.Start).TotalSeconds);
        Assert.True(longest.TotalSeconds >= 1.5, $"each stage should take seconds of CPU, took {longest}");

        // On 2 cores both stages run at once: the wall time is the longest stage's, not the sum (which serial would be).
        Assert.True(wall.TotalSeconds <= longest.TotalSeconds * 1.1 + 0.2, $"wall {wall} for stages of {string.Join(", ", spans.Select(s => s.End - s.Start))}; serial would be {sum:F1} s");
    }

    private static BuildEvents Build(string store, string context, params string[] extra) =>
        BuildEvents.Parse(Ok(RunKiln(store, ["build", "--progress=rawjson", .. extra, context]), "kiln build").Stderr);

    private static string Context(TempDirectory dir, string dockerfile)
    {
        var context = Path.Combine(dir.Path, "ctx");
        Directory.CreateDirectory(context);
        File.WriteAllText(Path.Combine(context, "Dockerfile"), dockerfile);
        File.WriteAllText(Path.Combine(context, "a.txt"), "A\n");
        return context;
    }

    /// <summary>The image's final filesystem through <c>kiln export</c>: path → content (null for directories and links).</summary>
    private static Dictionary<string, string?> Files(string store, TempDirectory dir, string image)
    {
        var output = Path.Combine(dir.Path, "fs-" + Guid.NewGuid().ToString("N"));
        var export = Path.Combine(dir.Path, "export-" + Guid.NewGuid().ToString("N") + ".tar");
        Ok(RunKiln(store, "export", image, "-o", export), "kiln export");
        Directory.CreateDirectory(output);
        Ok(Run("tar", ["-xf", export, "-C", output]), "tar -x");
        var files = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFileSystemEntries(output, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(output, path);
            var info = new FileInfo(path);
            files[relative] = info.LinkTarget is null && File.Exists(path) ? File.ReadAllText(path) : null;
        }

        return files;
    }

    private static string SavedLayerListing(string store, TempDirectory dir, string image)
    {
        var archive = Path.Combine(dir.Path, "saved-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(archive);
        Ok(RunKiln(store, "save", image, "-o", archive + ".tar"), "kiln save");
        Ok(Run("tar", ["-xf", archive + ".tar", "-C", archive]), "tar -x");
        using var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(archive, "manifest.json")));
        var layers = manifest.RootElement[0].GetProperty("Layers").EnumerateArray().Skip(1).Select(l => l.GetString()!).ToList();
        return string.Join("\n", layers.Select(l => Ok(Run("tar", ["-tf", Path.Combine(archive, l)]), "tar -t").Stdout));
    }
}
