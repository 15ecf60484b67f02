using System.Runtime.Versioning;
using System.Text;
using static Kiln.Cli.Tests.Images.ImageInteropTestsSupport;

namespace Kiln.Cli.Tests.Differential;

/// <summary>
/// Issue #4 acceptance: each case of <see cref="DifferentialCases"/> is built by <c>kiln build</c> and by the real
/// BuildKit (the private dockerd's), and the final filesystems (path, type, mode, uid, gid, size, content, link
/// target), the docker-compatible config fields and the history (created_by, empty_layer, comment) must agree. Every
/// image Kiln builds is also piped through <c>kiln save | docker load</c>, and docker must read the same config as
/// <c>kiln inspect</c>; Kiln's tar output must hold the same tree as its image layers.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class DifferentialTests(DifferentialFixture fixture) : IClassFixture<DifferentialFixture>
{
    public static TheoryData<string> Cases => new(DifferentialCases.All.Select(c => c.Name));

    [Fact]
    public void ThereAreEnoughCasesWithUniqueNames()
    {
        Assert.True(DifferentialCases.All.Count >= 30, $"only {DifferentialCases.All.Count} cases");
        Assert.Equal(DifferentialCases.All.Count, DifferentialCases.All.Select(c => c.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void KilnAgreesWithBuildKit(string name)
    {
        var @case = DifferentialCases.All.Single(c => c.Name == name);
        var dir = fixture.CaseDirectory(name);
        var context = WriteContext(dir, @case);
        var failures = new StringBuilder();

        var kilnTag = $"{fixture.Prefix}/kiln-{name}:1";
        var kilnRootfs = Path.Combine(dir, "kiln-rootfs.tar");
        var secrets = WriteSecrets(dir, @case);
        Ok(RunKiln(fixture.Store, ["build", "--progress=plain", .. secrets, "-t", kilnTag, "-o", "type=image", "-o", "type=tar,dest=" + kilnRootfs, context]), "kiln build");
        var kilnArchive = Path.Combine(dir, "kiln-image.tar");
        Ok(RunKiln(fixture.Store, "save", "-o", kilnArchive, kilnTag), "kiln save");
        var kilnImage = SavedImage.Read(kilnArchive);
        var kilnTree = RootfsTree.FromTar(kilnRootfs).Entries;
        Append(failures, "Kiln's tar output and Kiln's image layers differ", TreeComparison.Diff(kilnImage.Tree.Entries, kilnTree, "layers", "tar output"));

        // docker load interop: the image loads, and docker reads the config kiln inspect shows.
        Ok(fixture.SaveIntoDocker(kilnTag), "kiln save | docker load");
        var kilnConfig = ConfigView.FromInspect(Ok(RunKiln(fixture.Store, "inspect", kilnTag), "kiln inspect").Stdout);
        var loadedConfig = ConfigView.FromInspect(Ok(fixture.Docker("inspect", kilnTag), "docker inspect (loaded)").Stdout);
        Append(failures, "docker reads a different config from the loaded Kiln image", loadedConfig.DiffAgainst(kilnConfig, "kiln inspect", "docker inspect"));

        if (@case.Reference == CaseReference.BuildKit)
        {
            var buildkitTag = $"{fixture.Prefix}/buildkit-{name}:1";
            fixture.Track(buildkitTag);
            Ok(fixture.Docker(["build", "--network", @case.Network, .. secrets, "-t", buildkitTag, context]), "docker build (BuildKit)");
            var buildkitArchive = Path.Combine(dir, "buildkit-image.tar");
            Ok(fixture.Docker("save", "-o", buildkitArchive, buildkitTag), "docker save");
            var buildkitImage = SavedImage.Read(buildkitArchive);
            var buildkitConfig = ConfigView.FromInspect(Ok(fixture.Docker("inspect", buildkitTag), "docker inspect (BuildKit)").Stdout);

            Append(failures, "filesystems differ", TreeComparison.Diff(buildkitImage.Tree.Entries, kilnTree, "BuildKit", "Kiln", @case.NotCopiedPaths));
            Append(failures, "configs differ", loadedConfig.DiffAgainst(buildkitConfig, "BuildKit", "Kiln", @case.NotCopiedConfig));
            Append(failures, "histories differ", HistoryDiff(buildkitImage.History, kilnImage.History, @case.NotCopiedHistory));
        }

        try
        {
            @case.Expect?.Invoke(new KilnOutcome(kilnTree, kilnConfig, kilnImage.History));
        }
        catch (Xunit.Sdk.XunitException e)
        {
            Append(failures, "Kiln's result misses an expectation" + (@case.Reference == CaseReference.Documentation ? " (written from the docs)" : ""), e.Message);
        }

        var notCopied = @case.NotCopiedWhy is { } why ? $"(deliberately not copied from BuildKit 0.8: {why})\n" : "";
        Assert.True(failures.Length == 0, $"case {name}:\n{@case.Dockerfile}\n{notCopied}{failures}");
    }

    private string WriteContext(string dir, DifferentialCase @case)
    {
        var context = Path.Combine(dir, "context");
        Directory.CreateDirectory(context);
        foreach (var entry in @case.Files)
        {
            var path = Path.Combine(context, entry.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            switch (entry.Kind)
            {
                case ContextEntryKind.Directory:
                    Directory.CreateDirectory(path);
                    break;
                case ContextEntryKind.Symlink:
                    File.CreateSymbolicLink(path, entry.LinkTarget!);
                    break;
                case ContextEntryKind.Hardlink:
                    Ok(Run("ln", [Path.Combine(context, entry.LinkTarget!), path]), "ln");
                    break;
                default:
                    File.WriteAllBytes(path, entry.Content);
                    break;
            }
        }

        // Modes after all content exists (a 0500 directory would refuse its files otherwise), deepest first.
        foreach (var entry in @case.Files.Where(e => e.Kind is ContextEntryKind.File or ContextEntryKind.Directory).OrderByDescending(e => e.Path.Length))
        {
            File.SetUnixFileMode(Path.Combine(context, entry.Path), (UnixFileMode)entry.Mode);
        }

        var dockerfile = @case.Dockerfile.Replace("@BASE@", fixture.Base, StringComparison.Ordinal).Replace("@URL@", fixture.ServerUrl, StringComparison.Ordinal)
            .Replace("@ONBUILD@", fixture.OnbuildBase, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(context, "Dockerfile"), dockerfile);
        return context;
    }

    /// <summary>Writes the case's secrets to files outside the context; returns the <c>--secret</c> arguments for both builders.</summary>
    private static List<string> WriteSecrets(string dir, DifferentialCase @case)
    {
        var args = new List<string>();
        foreach (var (id, value) in @case.Secrets)
        {
            var file = Path.Combine(dir, "secret-" + id);
            File.WriteAllText(file, value);
            args.AddRange(["--secret", $"id={id},src={file}"]);
        }

        return args;
    }

    private static string HistoryDiff(IReadOnlyList<HistoryLine> buildkit, IReadOnlyList<HistoryLine> kiln, IReadOnlyList<int> notCopied)
    {
        var text = new StringBuilder();
        for (var i = 0; i < Math.Max(buildkit.Count, kiln.Count); i++)
        {
            var left = i < buildkit.Count ? buildkit[i] : null;
            var right = i < kiln.Count ? kiln[i] : null;
            if (right is not null)
            {
                right = right with { CreatedBy = BuildKit08History.FromCurrent(right.CreatedBy) };
            }

            if (left is not null && right is not null && notCopied.Contains(i))
            {
                left = left with { CreatedBy = right.CreatedBy };
            }

            if (left != right)
            {
                text.Append('#').Append(i).Append("\n  BuildKit: ").Append(left?.ToString() ?? "(missing)")
                    .Append("\n  Kiln (as BuildKit 0.8 would write it): ").Append(right?.ToString() ?? "(missing)").Append('\n');
            }
        }

        return text.ToString();
    }

    private static void Append(StringBuilder failures, string what, string diff)
    {
        if (diff.Length > 0)
        {
            failures.Append("--- ").Append(what).Append(":\n").Append(diff);
        }
    }
}
