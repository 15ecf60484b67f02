using Kiln.Archives.Tar;

namespace Kiln.Archives.Tests;

/// <summary>The header checksum (POSIX ustar: the unsigned sum of the block with the checksum field read as spaces).</summary>
public sealed class UstarChecksumTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Checksum_is_the_unsigned_byte_sum_with_the_field_as_spaces(int seed)
    {
        var header = new byte[UstarLayout.BlockSize];
        new Random(seed).NextBytes(header);
        if (seed == 2)
        {
            Array.Fill(header, (byte)0xFF); // the largest sum a block can have
        }

        long expected = 0;
        for (var i = 0; i < header.Length; i++)
        {
            expected += i is >= UstarLayout.ChecksumOffset and < UstarLayout.ChecksumOffset + UstarLayout.ChecksumLength ? ' ' : header[i];
        }

        Assert.Equal(expected, UstarLayout.UnsignedChecksum(header));
    }
}
