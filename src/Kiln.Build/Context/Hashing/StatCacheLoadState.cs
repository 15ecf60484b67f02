namespace Kiln.Build.Context.Hashing;

/// <summary>What a <see cref="StatCache"/> found when it (lazily) loaded its file.</summary>
public enum StatCacheLoadState
{
    /// <summary>The file has not been read yet.</summary>
    NotLoaded,

    /// <summary>There was no cache file: the cache starts empty.</summary>
    Missing,

    /// <summary>The file was read and validated.</summary>
    Loaded,

    /// <summary>The file failed validation (truncated, wrong version, bad checksum) and was ignored.</summary>
    Corrupt,
}
