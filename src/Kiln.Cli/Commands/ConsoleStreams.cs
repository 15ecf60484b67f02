namespace Kiln.Cli.Commands;

/// <summary>The standard streams a command reads and writes, passed in by the composition root (tests swap them).</summary>
internal sealed record ConsoleStreams(TextReader In, TextWriter Out, TextWriter Error)
{
    public static ConsoleStreams System() => new(global::System.Console.In, global::System.Console.Out, global::System.Console.Error);
}
