using System.Diagnostics;
using Kiln.Build.Operations.Files;
using Kiln.Testing;
using static Kiln.Build.Tests.Operations.Files.TestTree;

namespace Kiln.Build.Tests.Operations.Files;

/// <summary>--chmod parsing and application: fixed tables, and symbolic modes checked against the real chmod(1).</summary>
public sealed class ChmodSpecTests
{
    private static readonly string[] SymbolicModes =
    [
        "+x", "a+x", "u+x", "go-w", "a-w", "u=rwX,go=rX", "g=u", "u=g-w", "go=u-w", "o-rwx,g+x", "u=rwx,g=,o=",
        "u+rw,g+r,o-x,o+w", "a+X", "g+rw,o+rw", "=", "=rw,+X", "+s", "u+s", "g+s", "o+s", "+t", "o+t", "u+t",
        "a=r,ug=rw,u+x", "u-s", "g-s,o+t", "ug+rwX,o-rwx", "a=", "u=rwx,go=rx", "=r,u+w", "+X", "a-x,a+X", "u+X,g=u",
        "u=rw,g=u,o=g-w", "ug=s", "a=rwxst",
    ];

    private static readonly string[] InitialModes = ["0", "644", "755", "500", "700", "4755", "2750", "1777", "100", "11", "6711"];

    [Theory]
    [InlineData("755", 0x1ED)]
    [InlineData("0644", 0x1A4)]
    [InlineData("4755", 0x9ED)]
    [InlineData("07777", 0xFFF)]
    [InlineData("0", 0)]
    [InlineData("000000000755", 0x1ED)]
    public void Octal_modes_replace_all_twelve_bits(string text, int expected)
    {
        Assert.True(ChmodSpec.TryParse(text, out var spec, out var error), error);
        Assert.False(spec.IsSymbolic);
        Assert.Equal(expected, spec.Octal);
        Assert.Equal(expected, spec.Apply(O("4777"), isDirectory: false));
        Assert.Equal(expected, spec.Apply(0, isDirectory: true));
    }

    [Theory]
    [InlineData("10000")]
    [InlineData("17777")]
    [InlineData("0778")]
    [InlineData("8")]
    [InlineData("9x")]
    public void Numbers_that_are_not_octal_or_too_large_get_buildkits_message(string text)
    {
        Assert.False(ChmodSpec.TryParse(text, out _, out var error));
        Assert.Equal($"invalid chmod parameter: '{text}'. it should be octal string and between 0 and 07777", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("u")]
    [InlineData("go")]
    [InlineData("z+x")]
    [InlineData("u+x,")]
    [InlineData(",u+x")]
    [InlineData("u+q")]
    [InlineData("+755")]
    [InlineData("u+x g+w")]
    public void Malformed_symbolic_modes_are_rejected(string text)
    {
        Assert.False(ChmodSpec.TryParse(text, out _, out var error));
        Assert.StartsWith($"invalid chmod parameter: '{text}'.", error, StringComparison.Ordinal);
        Assert.Throws<FileOperationException>(() => ChmodSpec.Parse(text));
    }

    [Theory]
    [InlineData("u=rwX,go=rX", "500", true, "755")]
    [InlineData("u=rwX,go=rX", "600", false, "644")]
    [InlineData("u=rwX,go=rX", "700", false, "755")]
    [InlineData("+x", "644", false, "755")]
    [InlineData("g=u", "740", false, "770")]
    [InlineData("a-w", "777", false, "555")]
    [InlineData("u+s,g+s", "755", false, "6755")]
    [InlineData("+t", "755", true, "1755")]
    [InlineData("=", "4755", false, "0")]
    [InlineData("=", "2755", true, "2000")] // chmod keeps setgid on directories unless mentioned
    [InlineData("a+X", "644", false, "644")]
    [InlineData("a+X", "644", true, "755")]
    [InlineData("a+X", "744", false, "755")]
    [InlineData("go=u-w", "770", false, "755")]
    [InlineData("u+go", "021", false, "321")] // several copied classes, as BuildKit's parser allows
    public void Symbolic_modes_apply_as_chmod_does(string text, string before, bool isDirectory, string after)
    {
        var spec = ChmodSpec.Parse(text);
        Assert.True(spec.IsSymbolic);
        Assert.Equal(text, spec.ToString());
        Assert.Equal(Octal(O(after)), Octal(spec.Apply(O(before), isDirectory)));
    }

    [Fact]
    public void Equal_texts_are_equal_specs()
    {
        Assert.Equal(ChmodSpec.Parse("u=rwX,go=rX"), ChmodSpec.Parse("u=rwX,go=rX"));
        Assert.Equal(ChmodSpec.Parse("u=rwX,go=rX").GetHashCode(), ChmodSpec.Parse("u=rwX,go=rX").GetHashCode());
        Assert.NotEqual(ChmodSpec.Parse("755"), ChmodSpec.Parse("0755"));
    }

    [Fact]
    public void Every_symbolic_mode_matches_the_real_chmod_on_files_and_directories()
    {
        using var dir = new TempDirectory("kiln-chmod");
        var cases = new List<(string Mode, string Path, int Before, bool IsDirectory)>();
        var script = new System.Text.StringBuilder("umask 0\n");
        foreach (var mode in SymbolicModes)
        {
            script.Append("chmod -- '").Append(mode).Append('\'');
            foreach (var initial in InitialModes)
            {
                foreach (var isDirectory in new[] { false, true })
                {
                    var path = Path.Combine(dir.Path, cases.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    if (isDirectory)
                    {
                        Directory.CreateDirectory(path);
                    }
                    else
                    {
                        System.IO.File.WriteAllText(path, string.Empty);
                    }

                    Fs.Chmod(path, O(initial));
                    cases.Add((mode, path, O(initial), isDirectory));
                    script.Append(" '").Append(path).Append('\'');
                }
            }

            script.Append(" || exit 1\n");
        }

        // One shell for all modes: starting a process per chmod makes this test take many seconds.
        RunShell(script.ToString());
        var failures = new List<string>();
        foreach (var (mode, path, before, isDirectory) in cases)
        {
            var real = Fs.LStat(path).Mode;
            var ours = ChmodSpec.Parse(mode).Apply(before, isDirectory);
            if (real != ours)
            {
                failures.Add($"chmod {mode} on {(isDirectory ? "dir" : "file")} {Octal(before)}: chmod(1) gives {Octal(real)}, ChmodSpec {Octal(ours)}");
            }
        }

        Assert.Equal(SymbolicModes.Length * InitialModes.Length * 2, cases.Count);
        Assert.Empty(failures);
    }

    private static void RunShell(string script)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start /bin/sh");
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"chmod failed: {stderr}");
    }
}
