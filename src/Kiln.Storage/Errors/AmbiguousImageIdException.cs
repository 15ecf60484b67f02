namespace Kiln.Storage.Errors;

/// <summary>A short image ID or digest prefix matches more than one image.</summary>
public sealed class AmbiguousImageIdException : StoreException
{
    public AmbiguousImageIdException(string prefix, IReadOnlyList<string> candidates)
        : base($"image ID prefix \"{prefix}\" is ambiguous: it matches {string.Join(", ", candidates)}; give more characters")
    {
        Prefix = prefix;
        Candidates = candidates;
    }

    public string Prefix { get; }

    public IReadOnlyList<string> Candidates { get; }
}
