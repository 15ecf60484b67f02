namespace Kiln.Build.Operations.Run;

/// <summary>Deletes a step's temporary directory (an ssh agent's socket directory) when the step's resources are released.</summary>
internal sealed class DirectoryRemover(string directory) : IDisposable
{
    public void Dispose()
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Already gone, or busy: a temp directory of a finished step is harmless.
        }
    }
}
