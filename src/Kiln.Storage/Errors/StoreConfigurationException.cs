namespace Kiln.Storage.Errors;

/// <summary>The store location cannot be determined (no <c>--root</c>, no usable <c>HOME</c>/<c>XDG_DATA_HOME</c>).</summary>
public sealed class StoreConfigurationException : StoreException
{
    public StoreConfigurationException(string message)
        : base(message)
    {
    }
}
