namespace Kiln.Cli.Tests.Differential;

/// <summary>
/// One differential case: a Dockerfile (<c>@BASE@</c> stands for the shared busybox base, <c>@URL@</c> for the local
/// HTTP server) and its build context. With <see cref="CaseReference.BuildKit"/> both builders build it and must agree;
/// <see cref="Expect"/> adds checks on Kiln's result (the only checks for <see cref="CaseReference.Documentation"/> cases).
/// </summary>
public sealed record DifferentialCase(string Name, string Dockerfile, IReadOnlyList<ContextEntry> Files)
{
    public CaseReference Reference { get; init; } = CaseReference.BuildKit;

    /// <summary>Checks on Kiln's result (files, config, history), written from features.md and docs/copy-semantics.md.</summary>
    public Action<KilnOutcome>? Expect { get; init; }

    /// <summary>
    /// Paths whose comparison with BuildKit is skipped because the test dockerd's BuildKit is wrong there and Kiln
    /// deliberately differs; <see cref="Expect"/> asserts Kiln's behaviour for them and <see cref="NotCopiedWhy"/> says why.
    /// </summary>
    public Func<string, bool>? NotCopiedPaths { get; init; }

    /// <summary>History entries (by index) whose <c>created_by</c> text differs on purpose from the old BuildKit's.</summary>
    public IReadOnlyList<int> NotCopiedHistory { get; init; } = [];

    /// <summary>Config fields that differ on purpose from the old BuildKit's.</summary>
    public IReadOnlyList<string> NotCopiedConfig { get; init; } = [];

    public string? NotCopiedWhy { get; init; }

    /// <summary>Secrets (id → value) for <c>RUN --mount=type=secret</c>, passed to both builders as <c>--secret id=ID,src=FILE</c>.</summary>
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();

    /// <summary><c>docker build --network</c> for BuildKit: <c>none</c>, or <c>host</c> for RUN cases (Kiln's default network).</summary>
    public string Network { get; init; } = "none";

    public override string ToString() => Name;
}
