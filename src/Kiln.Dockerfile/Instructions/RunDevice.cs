namespace Kiln.Dockerfile.Instructions;

/// <summary>A <c>RUN --device=&lt;cdi-name&gt;[,required[=bool]]</c> request (DF-RUN-DEVICE).</summary>
/// <param name="Name">The CDI device name (<c>vendor/class=name</c>).</param>
/// <param name="Required">True when the build must fail without the device.</param>
public sealed record RunDevice(string Name, bool Required);
