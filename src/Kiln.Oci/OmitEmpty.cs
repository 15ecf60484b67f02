namespace Kiln.Oci;

/// <summary>
/// Go's <c>omitempty</c> for the document records: empty strings and collections are stored as null so the
/// serializer (which omits nulls) leaves them out exactly as Go's <c>encoding/json</c> does.
/// </summary>
internal static class OmitEmpty
{
    public static string? String(string? value) => string.IsNullOrEmpty(value) ? null : value;

    public static IReadOnlyList<T>? List<T>(IReadOnlyList<T>? value) => value is { Count: > 0 } ? value : null;

    public static IReadOnlyDictionary<string, string>? Map(IReadOnlyDictionary<string, string>? value) =>
        value is { Count: > 0 } ? value : null;
}
