using BenchmarkDotNet.Running;

namespace Kiln.Benchmarks;

/// <summary>
/// Runs the benchmarks chosen on the command line (BenchmarkDotNet's switcher), or a console command when the
/// first argument names one (<c>layer-write</c>, used by <c>bench/layers/run</c>).
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == LayerWriteCommand.Name)
        {
            return LayerWriteCommand.Run(args);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
