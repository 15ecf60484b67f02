namespace Kiln.Dockerfile.Instructions;

/// <summary>The <c>RUN --network</c> modes (DF-RUN-NETWORK).</summary>
public enum RunNetwork
{
    /// <summary>The build's default network.</summary>
    Default,

    /// <summary>No network (loopback only).</summary>
    None,

    /// <summary>The host network (entitlement <c>network.host</c>).</summary>
    Host,
}
