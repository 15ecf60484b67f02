using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Syntax;
using Kiln.Oci;

namespace Kiln.Build.Frontend;

/// <summary>
/// Decides what the <c># syntax=</c> directive (or the <c>BUILDKIT_SYNTAX</c> build-arg, which overrides it)
/// means for Kiln (DF-DIR-SYNTAX, DF-DIR-SYNTAX-OVERRIDE). Kiln implements the Dockerfile language itself:
/// the official <c>docker/dockerfile</c> frontends (any tag, <c>-labs</c>, <c>-upstream</c>) and the built-in
/// <c>dockerfile.v0</c> are served by it; another frontend image cannot be run, which is reported as a warning.
/// </summary>
public static class FrontendSelection
{
    /// <summary>The id of the warning for a frontend image Kiln does not run.</summary>
    public const string UnsupportedFrontendId = "KILN2002";

    private static readonly string[] Official = ["docker.io/docker/dockerfile", "docker.io/docker/dockerfile-upstream"];

    /// <summary>A warning when the requested frontend is not one Kiln implements, else null.</summary>
    public static Diagnostic? Check(SourceFile source, ParserDirectives directives, IReadOnlyDictionary<string, string> buildArgs)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(directives);
        ArgumentNullException.ThrowIfNull(buildArgs);
        var fromArg = buildArgs.TryGetValue("BUILDKIT_SYNTAX", out var overridden) && overridden.Length > 0;
        var value = fromArg ? overridden : directives.Syntax;
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var image = value.Trim().Split(' ', 2)[0];
        if (image == "dockerfile.v0" || IsOfficial(image))
        {
            return null;
        }

        var origin = fromArg ? "--build-arg BUILDKIT_SYNTAX" : "the syntax directive";
        return Diagnostic.Warning(
            UnsupportedFrontendId,
            $"{origin} asks for the frontend image \"{image}\", which Kiln cannot run; building with Kiln's built-in Dockerfile frontend",
            source.Path,
            fromArg ? null : SyntaxDirectiveDetector.Detect(source.Text)?.Range,
            "remove the directive or use docker/dockerfile:1");
    }

    private static bool IsOfficial(string image)
    {
        if (!ImageReference.TryParse(image, out var reference))
        {
            return false;
        }

        return Official.Contains(reference.Name, StringComparer.Ordinal);
    }
}
