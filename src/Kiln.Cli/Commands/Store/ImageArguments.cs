using Kiln.Oci;

namespace Kiln.Cli.Commands.Store;

/// <summary>
/// Checks an IMAGE argument before it reaches the store: a reference, a digest, or an image-ID prefix (hex, optionally
/// <c>sha256:</c>) is acceptable; anything else is an invalid reference (exit 2), with Docker's wording.
/// </summary>
internal static class ImageArguments
{
    /// <summary>The error for an argument that can name no image, or null when it is acceptable.</summary>
    public static string? Validate(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "invalid reference format: repository name must have at least one component (got an empty reference)";
        }

        if (Digest.TryParse(text, out _) || ImageReference.TryParse(text, out _))
        {
            return null;
        }

        var hex = text.StartsWith(Digest.Sha256 + ":", StringComparison.Ordinal) ? text[(Digest.Sha256.Length + 1)..] : text;
        if (hex.Length > 0 && hex.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            return null;
        }

        try
        {
            ImageReference.Parse(text);
            return null;
        }
        catch (InvalidReferenceException e)
        {
            return e.Message;
        }
    }
}
