namespace Kiln.Cli;

/// <summary>Entry point of the <c>kiln</c> command.</summary>
internal static class Program
{
    public static int Main(string[] args) => args.Length >= 0 ? 0 : 1;
}
