using Kiln.Runtime;

namespace Kiln.Build.Operations.Run;

/// <summary>What one RUN <c>--mount</c> adds to the container: a mount (none for a skipped secret) and/or an environment entry (a secret's <c>env=</c>).</summary>
internal sealed record MountSetup(ContainerMount? Mount, string? Environment);
