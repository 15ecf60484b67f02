namespace Kiln.Distribution.Auth;

/// <summary>A docker credential helper failed; the message names the helper and its own error text, never the secret.</summary>
public sealed class CredentialHelperException(string message, Exception? innerException = null) : IOException(message, innerException);
