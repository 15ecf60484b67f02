namespace Kiln.Build.Context.Hashing;

/// <summary>Why a COPY/ADD source could not be resolved in the build context (see <see cref="ContextSourceException"/>).</summary>
public enum ContextSourceError
{
    /// <summary>Nothing exists at that path in the context.</summary>
    NotFound,

    /// <summary>The path exists but the ignore file (or another exclude list) hides it.</summary>
    ExcludedByIgnoreFile,

    /// <summary>The source used <c>../</c> to leave the context; it was read inside the context, where nothing exists.</summary>
    OutsideContext,

    /// <summary>The wildcard pattern is malformed per <c>filepath.Match</c>.</summary>
    InvalidPattern,
}
