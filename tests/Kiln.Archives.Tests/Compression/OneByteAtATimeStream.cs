using Kiln.Oci;

namespace Kiln.Archives.Tests.Compression;

/// <summary>A non-seekable stream that returns at most one byte per read, to test peeking across short reads.</summary>
internal sealed class OneByteAtATimeStream(byte[] data) : ReadOnlyStream
{
    private int _position;

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (count == 0 || _position >= data.Length)
        {
            return 0;
        }

        buffer[offset] = data[_position++];
        return 1;
    }
}
