namespace Kiln.Cli.Tests.Differential;

/// <summary>What a differential case's Kiln result is checked against.</summary>
public enum CaseReference
{
    /// <summary>The same Dockerfile built by the test dockerd's BuildKit: filesystems, config and history must agree.</summary>
    BuildKit,

    /// <summary>
    /// The test dockerd (Docker 20.10, BuildKit 0.8) rejects the Dockerfile (a Dockerfile 1.4+ feature such as heredocs,
    /// <c>--link</c>, <c>--parents</c>, <c>--exclude</c>): Kiln's result is checked against expectations written from
    /// features.md and docs/copy-semantics.md.
    /// </summary>
    Documentation,
}
