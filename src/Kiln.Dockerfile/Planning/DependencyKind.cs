namespace Kiln.Dockerfile.Planning;

/// <summary>How a stage uses another stage, image or context (DF-STAGE-PRUNE).</summary>
public enum DependencyKind
{
    /// <summary><c>FROM &lt;stage&gt;</c>.</summary>
    Base,

    /// <summary><c>COPY --from=…</c>.</summary>
    CopyFrom,

    /// <summary><c>RUN --mount=…,from=…</c>.</summary>
    MountFrom,
}
