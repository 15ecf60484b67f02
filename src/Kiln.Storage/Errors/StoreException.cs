namespace Kiln.Storage.Errors;

/// <summary>Base of every error the local store reports; the message names the file or reference and what to do.</summary>
public class StoreException : IOException
{
    public StoreException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
