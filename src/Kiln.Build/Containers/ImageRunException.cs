namespace Kiln.Build.Containers;

/// <summary><c>kiln run</c> cannot start: no command, a bad <c>-v</c>, an unknown user, an image without a health check.</summary>
public sealed class ImageRunException(string message) : Exception(message);
