namespace Kiln.Runtime;

/// <summary>Runs one process in a container and waits for it: the one thing the engine knows about runc or crun.</summary>
public interface IContainerRuntime
{
    /// <summary>The runtime's name (<c>runc</c>, <c>crun</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Writes the bundle for <paramref name="request"/> into <paramref name="bundleDirectory"/>, runs the container,
    /// streams its output to <paramref name="output"/> and returns the process's exit code. Cancellation kills the
    /// container and removes it before the task ends (with <see cref="OperationCanceledException"/>).
    /// </summary>
    Task<int> RunAsync(ContainerRequest request, string bundleDirectory, ContainerOutput output, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="args"/> in the running container <paramref name="containerId"/> as <paramref name="uid"/>:<paramref name="gid"/>
    /// in <paramref name="cwd"/> with <paramref name="env"/> (a health check), returning its exit code; cancellation kills it.
    /// </summary>
    Task<int> ExecAsync(string containerId, IReadOnlyList<string> args, IReadOnlyList<string> env, string cwd, uint uid, uint gid, ContainerOutput output, CancellationToken cancellationToken);
}
