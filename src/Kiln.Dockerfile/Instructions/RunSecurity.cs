namespace Kiln.Dockerfile.Instructions;

/// <summary>The <c>RUN --security</c> modes (DF-RUN-SECURITY).</summary>
public enum RunSecurity
{
    /// <summary>The default sandbox.</summary>
    Sandbox,

    /// <summary>Privileged (entitlement <c>security.insecure</c>).</summary>
    Insecure,
}
