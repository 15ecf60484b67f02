using System.Text.RegularExpressions;
using Spectre.Console;

namespace Kiln.Cli.Tests.Progress;

/// <summary>A Spectre.Console terminal of a given size that writes into a string (ANSI on, colours off).</summary>
internal sealed partial class FakeTerminal
{
    public FakeTerminal(int width, int height)
    {
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(Writer),
        });
        Console.Profile.Width = width;
        Console.Profile.Height = height;
        Console.Profile.Capabilities.Unicode = true;
    }

    public LockedStringWriter Writer { get; } = new();

    public IAnsiConsole Console { get; }

    /// <summary>What was written after the live view went away (Spectre shows the cursor again last), styles removed.</summary>
    public string FinalPrint()
    {
        var text = Writer.ToString();
        var show = text.LastIndexOf("\u001b[?25h", StringComparison.Ordinal);
        Assert.True(show >= 0, "the live view never ended:\n" + text);
        return Sgr().Replace(text[(show + "\u001b[?25h".Length)..], string.Empty);
    }

    [GeneratedRegex("\u001b\\[[0-9;]*m")]
    private static partial Regex Sgr();
}
