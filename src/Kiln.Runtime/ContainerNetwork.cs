namespace Kiln.Runtime;

/// <summary>
/// The network a container gets (DF-RUN-NETWORK). The build machines have no bridge, so <see cref="Host"/> shares the
/// host's network namespace (what <c>RUN --network=default</c> and <c>host</c> mean here) and <see cref="None"/> gets a
/// new namespace with only loopback.
/// </summary>
public enum ContainerNetwork
{
    Host,
    None,
}
