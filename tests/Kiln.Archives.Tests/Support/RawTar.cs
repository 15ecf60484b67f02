using System.Text;

namespace Kiln.Archives.Tests.Support;

/// <summary>
/// Hand-builds tar blocks with arbitrary fields (independently of PaxTarWriter) to craft archives our writer
/// never produces: global PAX headers, GNU sparse types, corrupt checksums, v7 headers.
/// </summary>
internal sealed class RawTar
{
    private readonly MemoryStream _data = new();

    public RawTar Header(string name, char type, long size = 0, string magic = "ustar\0" + "00", string? linkName = null,
        int mode = 0x1a4, Action<byte[]>? patch = null, bool fixChecksum = true)
    {
        var block = new byte[512];
        Encoding.UTF8.GetBytes(name).CopyTo(block, 0);
        Octal(block, 100, 8, mode);
        Octal(block, 108, 8, 0);
        Octal(block, 116, 8, 0);
        Octal(block, 124, 12, size);
        Octal(block, 136, 12, 1_600_000_000);
        block[156] = (byte)type;
        if (linkName is not null)
        {
            Encoding.UTF8.GetBytes(linkName).CopyTo(block, 157);
        }

        Encoding.ASCII.GetBytes(magic).CopyTo(block, 257);
        patch?.Invoke(block);
        if (fixChecksum)
        {
            for (var i = 148; i < 156; i++)
            {
                block[i] = (byte)' ';
            }

            var sum = block.Sum(b => (long)b);
            Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(block, 148);
        }

        _data.Write(block);
        return this;
    }

    public RawTar Data(byte[] data)
    {
        _data.Write(data);
        var pad = (512 - (data.Length % 512)) % 512;
        _data.Write(new byte[pad]);
        return this;
    }

    public RawTar Pax(char type, string name, params (string Key, string Value)[] records)
    {
        var body = new MemoryStream();
        foreach (var (key, value) in records)
        {
            var payload = $" {key}={value}\n";
            var len = Encoding.UTF8.GetByteCount(payload);
            var total = len + len.ToString().Length;
            if (total.ToString().Length != len.ToString().Length)
            {
                total++;
            }

            body.Write(Encoding.UTF8.GetBytes(total + payload));
        }

        var bytes = body.ToArray();
        return Header(name, type, bytes.Length).Data(bytes);
    }

    public RawTar End()
    {
        _data.Write(new byte[1024]);
        return this;
    }

    public byte[] ToArray() => _data.ToArray();

    private static void Octal(byte[] block, int offset, int length, long value)
    {
        if (value >= 1L << (3 * (length - 1)))
        {
            // GNU base-256 for values an octal field cannot hold.
            for (var i = offset + length - 1; i > offset; i--, value >>= 8)
            {
                block[i] = (byte)value;
            }

            block[offset] = 0x80;
            return;
        }

        var text = Convert.ToString(value, 8).PadLeft(length - 1, '0');
        Encoding.ASCII.GetBytes(text).CopyTo(block, offset);
        block[offset + length - 1] = 0;
    }
}
