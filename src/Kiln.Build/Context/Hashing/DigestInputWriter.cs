using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Kiln.Build.Context.Hashing;

/// <summary>
/// Feeds the canonical digest input of one entry into SHA-256: the schema tag first, then fixed-width
/// big-endian integers and length-prefixed byte strings, so no two different inputs share an encoding.
/// </summary>
internal sealed class DigestInputWriter : IDisposable
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] scratch = new byte[8];
    private readonly byte[] tag = Encoding.UTF8.GetBytes(ContentHasher.SchemaTag + "\0");

    public void Begin(FileNodeKind kind)
    {
        hash.AppendData(tag);
        UInt8((byte)kind);
    }

    public void UInt8(byte value)
    {
        scratch[0] = value;
        hash.AppendData(scratch, 0, 1);
    }

    public void UInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(scratch, value);
        hash.AppendData(scratch, 0, 4);
    }

    public void UInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(scratch, value);
        hash.AppendData(scratch, 0, 8);
    }

    public void Bytes(ReadOnlySpan<byte> value)
    {
        UInt32((uint)value.Length);
        hash.AppendData(value);
    }

    public void Raw(ReadOnlySpan<byte> value) => hash.AppendData(value);

    public byte[] Finish() => hash.GetHashAndReset();

    public void Dispose() => hash.Dispose();
}
