namespace Kiln.Runtime.Users;

/// <summary>A <c>USER</c> names a user or group the image's <c>/etc/passwd</c> or <c>/etc/group</c> does not have.</summary>
public sealed class UserNotFoundException(string message) : Exception(message);
