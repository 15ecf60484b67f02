namespace Kiln.Oci;

/// <summary>
/// Thrown when a string is not a digest Kiln accepts (OCI image-spec v1.1 "Digests":
/// <c>sha256:</c> + 64 lower-case hex, or <c>sha512:</c> + 128 lower-case hex).
/// </summary>
public sealed class InvalidDigestException : FormatException
{
    public InvalidDigestException()
        : base("invalid digest")
    {
    }

    public InvalidDigestException(string message)
        : base(message)
    {
    }

    public InvalidDigestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InvalidDigestException(string message, string input)
        : base(message)
    {
        Input = input;
    }

    /// <summary>The rejected text, when known.</summary>
    public string? Input { get; }
}
