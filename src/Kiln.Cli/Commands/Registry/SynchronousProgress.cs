namespace Kiln.Cli.Commands.Registry;

/// <summary>An <see cref="IProgress{T}"/> that runs its handler on the reporting thread under a lock (ordered output, unlike <see cref="Progress{T}"/>).</summary>
internal sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
{
    private readonly Lock _lock = new();

    public void Report(T value)
    {
        lock (_lock)
        {
            handler(value);
        }
    }
}
