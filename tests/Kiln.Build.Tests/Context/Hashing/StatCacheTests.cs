using System.Runtime.Versioning;
using Kiln.Build.Context.Hashing;
using Kiln.Testing;

namespace Kiln.Build.Tests.Context.Hashing;

/// <summary>The persistent stat cache: hits only when every stat field matches, persistence, validation, bounds.</summary>
[SupportedOSPlatform("linux")]
public sealed class StatCacheTests
{
    private static readonly DateTime Past = new(2021, 6, 7, 8, 9, 10, DateTimeKind.Utc);

    // The files in these tests are created moments before they are hashed; the racy-timestamp guard has
    // its own test below.
    private static readonly StatCacheOptions NoRacyWindow = new() { RacyWindow = TimeSpan.Zero };

    [Fact]
    public void Unchanged_files_are_served_from_the_cache()
    {
        using var context = new TempDirectory("kiln-stat");
        using var store = new TempDirectory("kiln-store");
        context.WriteFile("a.txt", "a");
        context.WriteFile("sub/b.txt", "bb");
        context.WriteFile("sub/c.txt", "ccc");
        var cache = new StatCache(store.Path, NoRacyWindow);
        var fs = new CountingFileSystem();
        var hasher = new ContentHasher(fs, cache);

        var first = hasher.HashSelection(context.Path, null);
        Assert.Equal((0, 3, 3, 3), (cache.Hits, cache.Misses, cache.Stores, fs.Opens));

        var second = hasher.HashSelection(context.Path, null);
        Assert.Equal(first.Root, second.Root);
        Assert.Equal((3, 3, 3), (cache.Hits, cache.Misses, fs.Opens));
        Assert.Equal(3, hasher.ContentReads);
    }

    [Fact]
    public void Content_change_with_same_size_and_restored_mtime_misses_through_ctime()
    {
        using var context = new TempDirectory("kiln-stat");
        using var store = new TempDirectory("kiln-store");
        var file = context.WriteFile("data.txt", "AAAA");
        File.SetLastWriteTimeUtc(file, Past);
        var cache = new StatCache(store.Path, NoRacyWindow);
        var fs = new CountingFileSystem();
        var hasher = new ContentHasher(fs, cache);
        var before = hasher.HashPath(file);
        var statBefore = fs.LStat(file)!.Value;

        File.WriteAllText(file, "BBBB");
        File.SetLastWriteTimeUtc(file, Past);
        var statAfter = fs.LStat(file)!.Value;
        Assert.Equal((statBefore.Size, statBefore.ModifiedNs, statBefore.Inode), (statAfter.Size, statAfter.ModifiedNs, statAfter.Inode));
        Assert.NotEqual(statBefore.ChangedNs, statAfter.ChangedNs);

        var after = hasher.HashPath(file);
        Assert.NotEqual(before, after);
        Assert.Equal((0, 2, 2), (cache.Hits, cache.Misses, fs.Opens));
        Assert.Equal(new ContentHasher().HashPath(file), after);
    }

    [Fact]
    public void Chmod_and_chown_miss_the_cache()
    {
        using var context = new TempDirectory("kiln-stat");
        using var store = new TempDirectory("kiln-store");
        var file = context.WriteFile("run.sh", "#!/bin/sh\n");
        var cache = new StatCache(store.Path, NoRacyWindow);
        var hasher = new ContentHasher(statCache: cache);
        hasher.HashPath(file);
        hasher.HashPath(file);
        Assert.Equal((1, 1), (cache.Hits, cache.Misses));

        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        hasher.HashPath(file);
        Assert.Equal((1, 2), (cache.Hits, cache.Misses));

        TestNative.LChown(file, 1234, 1234);
        hasher.HashPath(file);
        Assert.Equal((1, 3), (cache.Hits, cache.Misses));
        Assert.Equal(3, hasher.ContentReads);
    }

    [Fact]
    public void The_cache_persists_across_instances()
    {
        using var context = new TempDirectory("kiln-stat");
        using var store = new TempDirectory("kiln-store");
        for (var i = 0; i < 10; i++)
        {
            context.WriteFile($"d{i % 3}/f{i}.txt", new string('x', i));
        }

        var cacheDir = Path.Combine(store.Path, "cache", "stat");
        var first = new StatCache(cacheDir, NoRacyWindow);
        var root = new ContentHasher(statCache: first).HashSelection(context.Path, null).Root;
        Assert.Equal(StatCacheLoadState.Missing, first.LoadState);
        first.Save();
        Assert.True(File.Exists(first.FilePath));
        Assert.Empty(Directory.GetFiles(cacheDir, "*.tmp", SearchOption.AllDirectories).Concat(Directory.GetFiles(cacheDir, ".*")));

        var second = new StatCache(cacheDir, NoRacyWindow);
        Assert.Equal(StatCacheLoadState.NotLoaded, second.LoadState);
        var fs = new CountingFileSystem();
        Assert.Equal(root, new ContentHasher(fs, second).HashSelection(context.Path, null).Root);
        Assert.Equal(StatCacheLoadState.Loaded, second.LoadState);
        Assert.Equal((10, 0, 0), (second.Hits, second.Misses, fs.Opens));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    [InlineData("flipped")]
    [InlineData("empty")]
    public void A_corrupt_cache_file_is_ignored_and_replaced(string damage)
    {
        using var context = new TempDirectory("kiln-stat");
        using var store = new TempDirectory("kiln-store");
        context.WriteFile("a.txt", "a");
        context.WriteFile("b.txt", "b");
        var good = new StatCache(store.Path, NoRacyWindow);
        var root = new ContentHasher(statCache: good).HashSelection(context.Path, null).Root;
        good.Save();
        var bytes = File.ReadAllBytes(good.FilePath);
        byte[] bad = damage switch
        {
            "garbage" => "this is not a stat cache"u8.ToArray(),
            "truncated" => bytes[..(bytes.Length / 2)],
            "flipped" => FlipByte(bytes, bytes.Length / 2),
            _ => [],
        };
        File.WriteAllBytes(good.FilePath, bad);

        var reloaded = new StatCache(store.Path, NoRacyWindow);
        var fs = new CountingFileSystem();
        Assert.Equal(root, new ContentHasher(fs, reloaded).HashSelection(context.Path, null).Root);
        Assert.Equal(StatCacheLoadState.Corrupt, reloaded.LoadState);
        Assert.Equal((0, 2, 2), (reloaded.Hits, reloaded.Misses, fs.Opens));

        reloaded.Save();
        var again = new StatCache(store.Path, NoRacyWindow);
        Assert.Equal(2, again.Count);
        Assert.Equal(StatCacheLoadState.Loaded, again.LoadState);
    }

    [Fact]
    public void Two_writers_sharing_the_file_leave_a_valid_cache_from_one_of_them()
    {
        using var context = new TempDirectory("kiln-stat");
        using var store = new TempDirectory("kiln-store");
        var a = context.WriteFile("a.txt", "a");
        var b = context.WriteFile("b.txt", "b");
        var one = new StatCache(store.Path, NoRacyWindow);
        var two = new StatCache(store.Path, NoRacyWindow);
        new ContentHasher(statCache: one).HashPath(a);
        new ContentHasher(statCache: two).HashPath(b);
        // Each writes once (a cache saves only when it changed), racing the other: whichever rename lands last wins.
        Parallel.For(0, 20, i => (i % 2 == 0 ? one : two).Save());

        var reader = new StatCache(store.Path, NoRacyWindow);
        Assert.Equal(1, reader.Count);
        Assert.Equal(StatCacheLoadState.Loaded, reader.LoadState);
        var hasher = new ContentHasher(statCache: reader);
        hasher.HashPath(a);
        hasher.HashPath(b);
        Assert.Equal(1, reader.Hits); // one writer's whole file, never a mix of both
        Assert.Empty(Directory.GetFiles(store.Path, "*.tmp"));
    }

    [Fact]
    public void Entries_unused_for_max_idle_runs_are_dropped()
    {
        using var context = new TempDirectory("kiln-stat");
        using var store = new TempDirectory("kiln-store");
        var keep = context.WriteFile("keep.txt", "k");
        var stale = context.WriteFile("stale.txt", "s");
        var options = NoRacyWindow with { MaxIdleRuns = 3 };

        var run1 = new StatCache(store.Path, options);
        var hasher1 = new ContentHasher(statCache: run1);
        hasher1.HashPath(keep);
        hasher1.HashPath(stale);
        run1.Save();

        for (var run = 2; run <= 4; run++)
        {
            var cache = new StatCache(store.Path, options);
            new ContentHasher(statCache: cache).HashPath(keep);
            Assert.Equal(1, cache.Hits);
            cache.Save();
            Assert.Equal(run < 4 ? 2 : 1, new StatCache(store.Path, options).Count);
        }

        var last = new StatCache(store.Path, options);
        new ContentHasher(statCache: last).HashPath(stale);
        Assert.Equal((0, 1), (last.Hits, last.Misses));
    }

    [Fact]
    public void The_entry_count_is_capped_keeping_the_most_recently_used()
    {
        using var context = new TempDirectory("kiln-stat");
        using var store = new TempDirectory("kiln-store");
        var old = context.WriteFile("old.txt", "o");
        var options = NoRacyWindow with { MaxEntries = 3 };
        var run1 = new StatCache(store.Path, options);
        new ContentHasher(statCache: run1).HashPath(old);
        run1.Save();

        var run2 = new StatCache(store.Path, options);
        var hasher = new ContentHasher(statCache: run2);
        for (var i = 0; i < 3; i++)
        {
            hasher.HashPath(context.WriteFile($"new{i}.txt", "n"));
        }

        run2.Save();
        var run3 = new StatCache(store.Path, options);
        Assert.Equal(3, run3.Count);
        new ContentHasher(statCache: run3).HashPath(old);
        Assert.Equal(0, run3.Hits);
    }

    [Fact]
    public void Files_changed_within_the_racy_window_are_not_recorded()
    {
        using var context = new TempDirectory("kiln-stat");
        using var store = new TempDirectory("kiln-store");
        var file = context.WriteFile("fresh.txt", "fresh");
        var cache = new StatCache(store.Path, new StatCacheOptions { RacyWindow = TimeSpan.FromSeconds(30) });
        var hasher = new ContentHasher(statCache: cache);
        hasher.HashPath(file);
        hasher.HashPath(file);
        Assert.Equal((0, 2, 0, 2), (cache.Hits, cache.Misses, cache.Stores, cache.RacySkips));

        // Seen from a minute later, the same timestamps are old enough to trust.
        var later = new ContentHasher(statCache: cache, timeProvider: new ShiftedTimeProvider(TimeSpan.FromMinutes(1)));
        later.HashPath(file);
        later.HashPath(file);
        Assert.Equal((1, 1), (cache.Hits, cache.Stores));
    }

    [Fact]
    public void A_file_written_a_moment_before_the_build_is_recorded_by_that_build()
    {
        // The edit-then-build case: with the default window the hasher waits out the few milliseconds left
        // instead of leaving the file to be read again by the next build.
        using var context = new TempDirectory("kiln-stat");
        using var store = new TempDirectory("kiln-store");
        var file = context.WriteFile("edited.txt", "edited");
        var first = new StatCache(store.Path);
        var digest = new ContentHasher(statCache: first).HashPath(file);
        Assert.Equal((1, 0), (first.Stores, first.RacySkips));
        first.Save();

        var second = new StatCache(store.Path);
        var fs = new CountingFileSystem();
        Assert.Equal(digest, new ContentHasher(fs, second).HashPath(file));
        Assert.Equal((1, 0, 0), (second.Hits, second.Misses, fs.Opens));
    }

    [Fact]
    public void Whole_second_timestamps_get_the_coarse_window()
    {
        using var store = new TempDirectory("kiln-store");
        var cache = new StatCache(store.Path);
        var second = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var ns = (second - DateTimeOffset.UnixEpoch).Ticks * 100;
        var whole = new FileMetadata(FileNodeKind.Regular, 0b110_100_100, 0, 0, 1, 1, 1, ns, ns);
        var fine = whole with { ChangedNs = ns + 1_000 };

        // Half a second later a sub-second stamp is long trusted, a whole-second one is not (the file system
        // may have rounded a later change down to the same second).
        var now = second.AddMilliseconds(500);
        Assert.Equal(TimeSpan.Zero, cache.RacyWait(fine, now));
        Assert.InRange(cache.RacyWait(whole, now), TimeSpan.FromMilliseconds(1499), TimeSpan.FromMilliseconds(1501));
        Assert.Equal(TimeSpan.Zero, cache.RacyWait(whole, second.AddSeconds(3)));
        Assert.InRange(cache.RacyWait(fine, second), TimeSpan.FromMilliseconds(19), TimeSpan.FromMilliseconds(21));
    }

    [Fact]
    public void A_hit_skips_listing_xattrs_only_while_the_file_had_none()
    {
        using var context = new TempDirectory("kiln-stat");
        using var store = new TempDirectory("kiln-store");
        var file = context.WriteFile("plain.txt", "plain");
        File.SetLastWriteTimeUtc(file, Past);
        var cache = new StatCache(store.Path, NoRacyWindow);
        var fs = new CountingFileSystem();
        var hasher = new ContentHasher(fs, cache);
        var plain = hasher.HashPath(file);
        Assert.Equal(1, fs.XattrLists);

        Assert.Equal(plain, hasher.HashPath(file));
        Assert.Equal((1, 1), (cache.Hits, fs.XattrLists));

        // Setting an xattr moves the ctime: the entry no longer matches, the xattr is listed and hashed.
        TestNative.LSetXattr(file, "user.kiln", "1");
        var tagged = hasher.HashPath(file);
        Assert.NotEqual(plain, tagged);
        Assert.Equal(new ContentHasher().HashPath(file), tagged);

        // A file recorded with xattrs keeps listing them on every hit.
        Assert.Equal(tagged, hasher.HashPath(file));
        Assert.Equal((2, 3), (cache.Hits, fs.XattrLists));
    }

    [Fact]
    public void A_run_that_recorded_nothing_leaves_the_file_untouched()
    {
        using var context = new TempDirectory("kiln-stat");
        using var store = new TempDirectory("kiln-store");
        var file = context.WriteFile("a.txt", "a");
        var first = new StatCache(store.Path, NoRacyWindow);
        new ContentHasher(statCache: first).HashPath(file);
        first.Save();
        var written = new FileInfo(first.FilePath);
        var (inode, length) = (new LinuxContextFileSystem().LStat(first.FilePath)!.Value.Inode, written.Length);

        var second = new StatCache(store.Path, NoRacyWindow);
        new ContentHasher(statCache: second).HashPath(file);
        Assert.Equal(1, second.Hits);
        second.Save();
        Assert.Equal(inode, new LinuxContextFileSystem().LStat(first.FilePath)!.Value.Inode);

        // A change is written (atomically: a new file replaces the old one).
        File.WriteAllText(file, "b");
        new ContentHasher(statCache: second).HashPath(file);
        second.Save();
        Assert.NotEqual(inode, new LinuxContextFileSystem().LStat(first.FilePath)!.Value.Inode);
        Assert.Equal(length, new FileInfo(first.FilePath).Length);
    }

    [Fact]
    public void Public_lookup_and_store_round_trip_a_digest()
    {
        using var context = new TempDirectory("kiln-stat");
        using var store = new TempDirectory("kiln-store");
        var file = context.WriteFile("x", "abc");
        var fs = new LinuxContextFileSystem();
        var metadata = fs.LStat(file)!.Value;
        var cache = new StatCache(store.Path, NoRacyWindow);
        var digest = Kiln.Oci.Digest.Compute("abc"u8);
        Assert.False(cache.TryGetContentDigest(file, metadata, out _));
        Assert.True(cache.Store(file, metadata, digest, DateTimeOffset.UtcNow));
        Assert.True(cache.TryGetContentDigest(file, metadata, out var found));
        Assert.Equal(digest, found);
        Assert.False(cache.TryGetContentDigest(file, metadata with { Inode = metadata.Inode + 1 }, out _));
        Assert.False(cache.TryGetContentDigest(file, metadata with { Device = metadata.Device + 1 }, out _));
        Assert.Equal((1, 3), (cache.Hits, cache.Misses));
    }

    [Fact]
    public void A_warm_cache_hashes_20000_files_without_reading_any()
    {
        // tmpfs when there is one: creating 20,000 files on a busy disk takes longer than hashing them.
        var shm = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var contextPath = Path.Combine(shm, "kiln-stat20k-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            WarmCacheOnLargeTree(contextPath);
        }
        finally
        {
            if (Directory.Exists(contextPath))
            {
                Directory.Delete(contextPath, recursive: true);
            }
        }
    }

    private static void WarmCacheOnLargeTree(string contextPath)
    {
        Directory.CreateDirectory(contextPath);
        using var store = new TempDirectory("kiln-store");
        const int Directories = 100;
        const int FilesPerDirectory = 200;
        for (var d = 0; d < Directories; d++)
        {
            var directory = Path.Combine(contextPath, $"dir{d:D3}");
            Directory.CreateDirectory(directory);
            for (var f = 0; f < FilesPerDirectory; f++)
            {
                File.WriteAllText(Path.Combine(directory, $"file{f:D3}.txt"), $"{d}/{f}");
            }
        }

        var cold = new StatCache(store.Path, NoRacyWindow);
        var coldFs = new CountingFileSystem();
        var coldDigest = new ContentHasher(coldFs, cold).HashSelection(contextPath, null);
        Assert.Equal(Directories * FilesPerDirectory, coldFs.Opens);
        Assert.Equal(Directories * FilesPerDirectory, coldDigest.FileCount);
        cold.Save();

        var warm = new StatCache(store.Path, NoRacyWindow);
        var warmFs = new CountingFileSystem();
        var warmHasher = new ContentHasher(warmFs, warm);
        var warmDigest = warmHasher.HashSelection(contextPath, null);
        Assert.Equal(coldDigest.Root, warmDigest.Root);
        Assert.Equal(0, warmFs.Opens);
        Assert.Equal(0, warmHasher.ContentReads);
        Assert.Equal(Directories * FilesPerDirectory, warm.Hits);
        Assert.Equal(0, warm.Misses);
    }

    private static byte[] FlipByte(byte[] bytes, int index)
    {
        var copy = (byte[])bytes.Clone();
        copy[index] ^= 0x40;
        return copy;
    }
}
