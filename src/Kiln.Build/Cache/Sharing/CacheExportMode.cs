namespace Kiln.Build.Cache.Sharing;

/// <summary>Which steps an exported cache holds (DF-CACHE-IMPORT-EXPORT).</summary>
public enum CacheExportMode
{
    /// <summary>Only the steps of the final image's stages (the target and the stages it is <c>FROM</c>).</summary>
    Min,

    /// <summary>The steps of every stage the build ran, intermediate stages included.</summary>
    Max,
}
