using Kiln.Oci;

namespace Kiln.Dockerfile.Planning;

/// <summary>
/// What a <c>--from</c>/<c>from=</c> name resolves to (DF-COPY-FROM, DF-STAGE-INDEX, DF-STAGE-IMAGE-REF,
/// CTX-NAMED-USE): exactly one of <see cref="StageIndex"/>, <see cref="NamedContext"/> or <see cref="Image"/> is set.
/// </summary>
/// <param name="Reference">The name as written.</param>
/// <param name="StageIndex">The stage, when the name is a stage name or index.</param>
/// <param name="NamedContext">The <c>--build-context</c> name, when it names one.</param>
/// <param name="Image">The image, otherwise.</param>
public sealed record DependencySource(string Reference, int? StageIndex, string? NamedContext, ImageReference? Image);
