using Kiln.Oci;
using Kiln.Oci.Images;

namespace Kiln.Transports.Registry;

/// <summary>Chooses the image manifest for a platform from an index: an exact match, else one the platform can run (containerd's order).</summary>
public static class PlatformSelector
{
    /// <summary>The chosen child descriptor, or null when none fits.</summary>
    public static Descriptor? Select(ImageIndex index, Platform platform)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(platform);
        var candidates = index.Manifests.Where(m => MediaTypes.IsManifest(m.MediaType)).ToList();
        var exact = candidates.FirstOrDefault(m => m.Platform is { } p && p.Matches(platform));
        if (exact is not null)
        {
            return exact;
        }

        foreach (var compatible in platform.CompatiblePlatforms())
        {
            if (candidates.FirstOrDefault(m => m.Platform is { } p && p.Matches(compatible)) is { } match)
            {
                return match;
            }
        }

        return candidates.Count == 1 && candidates[0].Platform is null ? candidates[0] : null;
    }
}
