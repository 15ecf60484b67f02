namespace Kiln.Oci;

/// <summary>
/// Thrown when an image reference does not follow Docker's reference grammar
/// (distribution/reference: <c>[domain[:port]/]path[:tag][@digest]</c>).
/// Messages keep Docker's wording ("invalid reference format: ...") and name the input.
/// </summary>
public sealed class InvalidReferenceException : FormatException
{
    public InvalidReferenceException()
        : base("invalid reference format")
    {
    }

    public InvalidReferenceException(string message)
        : base(message)
    {
    }

    public InvalidReferenceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InvalidReferenceException(string message, string input)
        : base(message)
    {
        Input = input;
    }

    /// <summary>The rejected reference text, when known.</summary>
    public string? Input { get; }
}
