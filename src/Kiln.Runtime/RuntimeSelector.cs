namespace Kiln.Runtime;

/// <summary>
/// Chooses the OCI runtime for RUN and <c>kiln run</c> (<c>--runtime</c>, else <c>KILN_RUNTIME</c>): by name, or by
/// default the fastest one installed: crun (about 3x faster to start here, machine-notes section 1), else runc.
/// </summary>
public static class RuntimeSelector
{
    /// <summary>The runtime names Kiln drives.</summary>
    public static IReadOnlyList<string> Names { get; } = ["runc", "crun"];

    /// <summary>A factory of the chosen runtime (taking the state directory).</summary>
    /// <exception cref="ContainerRuntimeException">An unknown name, or the named runtime is not installed.</exception>
    public static Func<string, IContainerRuntime> Select(string? requested)
    {
        var name = string.IsNullOrEmpty(requested) ? (OciRuntime.IsInstalled("crun") ? "crun" : "runc") : requested;
        if (!Names.Contains(name))
        {
            throw new ContainerRuntimeException($"unknown runtime \"{name}\": use runc or crun");
        }

        if (!OciRuntime.IsInstalled(name))
        {
            throw new ContainerRuntimeException($"the {name} runtime is not installed (apt-get install {name}), or choose another with --runtime");
        }

        return root => OciRuntime.Named(name, root)!;
    }
}
