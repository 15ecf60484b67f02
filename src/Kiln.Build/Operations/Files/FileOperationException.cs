namespace Kiln.Build.Operations.Files;

/// <summary>
/// A COPY/ADD filesystem operation that cannot be carried out (DF-COPY-*): a missing source, a directory
/// copied onto a file, a symlink loop, an invalid <c>--chmod</c>. The message is user-facing: it names
/// the path inside the image (never the host mount) and, where there is one, the fix.
/// </summary>
public sealed class FileOperationException : Exception
{
    public FileOperationException()
        : this("file operation failed")
    {
    }

    public FileOperationException(string message)
        : base(message)
    {
    }

    public FileOperationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
