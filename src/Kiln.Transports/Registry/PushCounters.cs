using Kiln.Distribution.Blobs;

namespace Kiln.Transports.Registry;

/// <summary>Thread-safe blob counters of one push.</summary>
internal sealed class PushCounters
{
    private int _uploaded;
    private int _mounted;
    private int _existing;

    public int Uploaded => _uploaded;

    public int Mounted => _mounted;

    public int Existing => _existing;

    public void Count(BlobUploadResult result)
    {
        switch (result)
        {
            case BlobUploadResult.Exists:
                Interlocked.Increment(ref _existing);
                break;
            case BlobUploadResult.Mounted:
                Interlocked.Increment(ref _mounted);
                break;
            default:
                Interlocked.Increment(ref _uploaded);
                break;
        }
    }
}
