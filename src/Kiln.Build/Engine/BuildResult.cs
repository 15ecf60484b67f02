using Kiln.Dockerfile.Diagnostics;
using Kiln.Storage.Images;

namespace Kiln.Build.Engine;

/// <summary>What a build produced: the image in the local store (untagged; outputs name it), the build-check warnings and counts.</summary>
/// <param name="Image">The built image.</param>
/// <param name="Warnings">Build-check findings and notices.</param>
/// <param name="StepsRun">Steps executed.</param>
/// <param name="StepsCached">Steps taken from the cache.</param>
public sealed record BuildResult(StoredImage Image, IReadOnlyList<Diagnostic> Warnings, int StepsRun, int StepsCached);
