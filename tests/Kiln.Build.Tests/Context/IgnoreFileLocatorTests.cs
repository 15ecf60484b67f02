using Kiln.Build.Context;
using Kiln.Testing;

namespace Kiln.Build.Tests.Context;

/// <summary>IGN-DOCKERFILE-SPECIFIC / IGN-FILE: which ignore file a build uses.</summary>
public sealed class IgnoreFileLocatorTests
{
    [Fact]
    public void Dockerfile_specific_file_takes_precedence()
    {
        using var dir = new TempDirectory("kiln-loc");
        dir.WriteFile(".dockerignore", "from-root\n");
        dir.WriteFile("Dockerfile", "FROM scratch\n");
        dir.WriteFile("Dockerfile2", "FROM scratch\n");
        dir.WriteFile("Dockerfile.dockerignore", "# specific\nfrom-dockerfile\n");
        dir.WriteFile("Dockerfile2.dockerignore", "from-dockerfile2\n");

        var one = IgnoreFileLocator.Locate(dir.Path, Path.Combine(dir.Path, "Dockerfile"))!;
        Assert.True(one.IsDockerfileSpecific);
        Assert.Equal("Dockerfile.dockerignore", one.DisplayName);
        var pattern = Assert.Single(one.Patterns);
        Assert.Equal("from-dockerfile", pattern.Text);
        Assert.Equal(2, pattern.Line);
        Assert.Equal("Dockerfile.dockerignore", pattern.SourceFile);

        var two = IgnoreFileLocator.Locate(dir.Path, Path.Combine(dir.Path, "Dockerfile2"))!;
        Assert.Equal("from-dockerfile2", Assert.Single(two.Patterns).Text);
        Assert.Equal(Path.Combine(dir.Path, "Dockerfile2.dockerignore"), two.Path);
    }

    [Fact]
    public void Falls_back_to_the_context_root_file()
    {
        using var dir = new TempDirectory("kiln-loc");
        dir.WriteFile(".dockerignore", "from-root\n");
        dir.WriteFile("sub/app.Dockerfile", "FROM scratch\n");
        var located = IgnoreFileLocator.Locate(dir.Path, Path.Combine(dir.Path, "sub", "app.Dockerfile"))!;
        Assert.False(located.IsDockerfileSpecific);
        Assert.Equal(".dockerignore", located.DisplayName);
        Assert.Equal("from-root", Assert.Single(located.Patterns).Text);

        Assert.Equal("from-root", Assert.Single(IgnoreFileLocator.Locate(dir.Path, "-")!.Patterns).Text);
        Assert.Equal("from-root", Assert.Single(IgnoreFileLocator.Locate(dir.Path, null)!.Patterns).Text);
    }

    [Fact]
    public void Dockerfile_outside_the_context_uses_its_own_ignore_file()
    {
        using var context = new TempDirectory("kiln-loc");
        using var elsewhere = new TempDirectory("kiln-loc");
        context.WriteFile(".dockerignore", "from-root\n");
        elsewhere.WriteFile("app.Dockerfile", "FROM scratch\n");
        var ignore = elsewhere.WriteFile("app.Dockerfile.dockerignore", "!\n");
        var located = IgnoreFileLocator.Locate(context.Path, Path.Combine(elsewhere.Path, "app.Dockerfile"))!;
        Assert.True(located.IsDockerfileSpecific);
        Assert.Equal(ignore, located.DisplayName);
        var error = Assert.Throws<IgnorePatternException>(located.ToFilter);
        Assert.Contains(ignore + " line 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_ignore_file_means_none()
    {
        using var dir = new TempDirectory("kiln-loc");
        dir.WriteFile("Dockerfile", "FROM scratch\n");
        Directory.CreateDirectory(Path.Combine(dir.Path, "Dockerfile.dockerignore")); // a directory is not an ignore file
        Assert.Null(IgnoreFileLocator.Locate(dir.Path, Path.Combine(dir.Path, "Dockerfile")));
    }

    [Fact]
    public void Bom_and_crlf_in_the_file_are_handled()
    {
        using var dir = new TempDirectory("kiln-loc");
        File.WriteAllBytes(Path.Combine(dir.Path, ".dockerignore"), [0xEF, 0xBB, 0xBF, .. "#c\r\n*.log\r\n"u8]);
        var located = IgnoreFileLocator.Locate(dir.Path, null)!;
        var pattern = Assert.Single(located.Patterns);
        Assert.Equal("*.log", pattern.Text);
        Assert.Equal(2, pattern.Line);
        Assert.False(located.HasExceptions);
    }
}
