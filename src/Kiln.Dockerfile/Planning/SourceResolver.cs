using System.Globalization;
using Kiln.Oci;

namespace Kiln.Dockerfile.Planning;

/// <summary>
/// Resolves <c>COPY --from</c> and <c>RUN --mount from=</c> names (DF-COPY-FROM, DF-STAGE-INDEX,
/// DF-STAGE-IMAGE-REF, CTX-NAMED-USE): a number is a stage index; a stage name (case-insensitive; the last stage
/// with that name) wins over a named context, which wins over an image reference.
/// </summary>
internal static class SourceResolver
{
    public static bool TryResolve(string reference, IReadOnlyList<StagePlan> stages, IReadOnlySet<string> namedContexts, out DependencySource? source, out string? error) =>
        TryResolve(reference, stages.Select(s => s.Name).ToArray(), new NamedContextMatcher(namedContexts), out source, out error);

    public static bool TryResolve(string reference, IReadOnlyList<string?> stageNames, NamedContextMatcher contexts, out DependencySource? source, out string? error)
    {
        source = null;
        error = null;
        if (int.TryParse(reference, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
        {
            if (index < 0 || index >= stageNames.Count)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"invalid stage index {index}");
                return false;
            }

            source = new DependencySource(reference, index, null, null);
            return true;
        }

        var byName = FindStage(reference, stageNames, stageNames.Count);
        if (byName is not null)
        {
            source = new DependencySource(reference, byName, null, null);
            return true;
        }

        if (contexts.Find(reference) is { } context)
        {
            source = new DependencySource(reference, null, context, null);
            return true;
        }

        try
        {
            source = new DependencySource(reference, null, null, ImageReference.Parse(reference));
            return true;
        }
        catch (InvalidReferenceException ex)
        {
            error = $"failed to parse stage name \"{reference}\": {ex.Message}";
            return false;
        }
    }

    /// <summary>The last stage before <paramref name="before"/> named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static int? FindStage(string name, IReadOnlyList<string?> stageNames, int before)
    {
        for (var i = Math.Min(before, stageNames.Count) - 1; i >= 0; i--)
        {
            if (stageNames[i] is { } n && n.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return null;
    }
}
