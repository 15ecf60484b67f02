namespace Kiln.Oci;

/// <summary>
/// Thrown when a platform specifier is not <c>os/arch[/variant]</c> (containerd platform specifiers).
/// </summary>
public sealed class InvalidPlatformException : FormatException
{
    public InvalidPlatformException()
        : base("invalid platform")
    {
    }

    public InvalidPlatformException(string message)
        : base(message)
    {
    }

    public InvalidPlatformException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InvalidPlatformException(string message, string input)
        : base(message)
    {
        Input = input;
    }

    /// <summary>The rejected specifier, when known.</summary>
    public string? Input { get; }
}
