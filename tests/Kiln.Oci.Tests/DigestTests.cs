using System.Text;

namespace Kiln.Oci.Tests;

public sealed class DigestTests
{
    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string HelloSha256 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
    private const string EmptySha512 = "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e";

    [Fact]
    public void Compute_of_empty_input_is_the_well_known_sha256()
    {
        var digest = Digest.Compute([]);

        Assert.Equal("sha256:" + EmptySha256, digest.ToString());
        Assert.Equal(Digest.Sha256, digest.Algorithm);
        Assert.Equal(EmptySha256, digest.Encoded);
        Assert.Equal(digest, Digest.EmptySha256);
    }

    [Fact]
    public void Compute_of_hello_is_the_well_known_sha256()
    {
        Assert.Equal("sha256:" + HelloSha256, Digest.Compute("hello"u8).ToString());
    }

    [Fact]
    public void Compute_sha512_of_empty_input()
    {
        Assert.Equal("sha512:" + EmptySha512, Digest.Compute([], Digest.Sha512).ToString());
    }

    [Fact]
    public async Task ComputeAsync_reads_the_stream_to_its_end()
    {
        var content = new byte[300_000];
        new Random(42).NextBytes(content);
        using var stream = new MemoryStream(content);

        var digest = await Digest.ComputeAsync(stream, CancellationToken.None);

        Assert.Equal(Digest.Compute(content), digest);
    }

    [Fact]
    public async Task ComputeAsync_honours_cancellation()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        using var stream = new MemoryStream(new byte[10]);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Digest.ComputeAsync(stream, cts.Token));
    }

    [Fact]
    public void Hasher_appends_incrementally_and_counts_bytes()
    {
        using var hasher = new DigestHasher();
        hasher.Append("hel"u8);
        Assert.Equal(Digest.Compute("hel"u8), hasher.GetCurrentDigest());
        hasher.Append("lo"u8);

        Assert.Equal(5, hasher.BytesHashed);
        Assert.Equal(HelloSha256, hasher.GetDigestAndReset().Encoded);
        Assert.Equal(0, hasher.BytesHashed);
        Assert.Equal(EmptySha256, hasher.GetDigestAndReset().Encoded);
    }

    [Fact]
    public void Hasher_rejects_unknown_algorithms()
    {
        var ex = Assert.Throws<InvalidDigestException>(() => new DigestHasher("md5"));
        Assert.Contains("md5", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sha256:" + EmptySha256)]
    [InlineData("sha512:" + EmptySha512)]
    public void Parse_round_trips(string text)
    {
        var digest = Digest.Parse(text);

        Assert.Equal(text, digest.ToString());
        Assert.True(Digest.TryParse(text, out var again));
        Assert.Equal(digest, again);
    }

    [Theory]
    [InlineData("", "expected <algorithm>:<hex>")]
    [InlineData("sha256", "expected <algorithm>:<hex>")]
    [InlineData("sha256:", "expected <algorithm>:<hex>")]
    [InlineData(":" + EmptySha256, "expected <algorithm>:<hex>")]
    [InlineData("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", "not a lower-case hex character")]
    [InlineData("sha256:e3b0c442", "has 64 hex characters, got 8")]
    [InlineData("sha256:" + EmptySha256 + "00", "has 64 hex characters, got 66")]
    [InlineData("sha256:g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "'g' is not a lower-case hex")]
    [InlineData("sha512:" + EmptySha256, "has 128 hex characters, got 64")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e", "unsupported digest algorithm \"md5\": expected sha256 or sha512")]
    [InlineData("sha384:" + EmptySha256, "unsupported digest algorithm \"sha384\"")]
    [InlineData("SHA256:" + EmptySha256, "unsupported digest algorithm \"SHA256\"")]
    public void Parse_rejects_invalid_digests_naming_the_input(string text, string expected)
    {
        var ex = Assert.Throws<InvalidDigestException>(() => Digest.Parse(text));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains($"\"{text}\"", ex.Message, StringComparison.Ordinal);
        Assert.Equal(text, ex.Input);
        Assert.IsAssignableFrom<FormatException>(ex);
        Assert.False(Digest.TryParse(text, out _));
    }

    [Fact]
    public void Short_form_is_twelve_hex_characters()
    {
        Assert.Equal("2cf24dba5fb0", Digest.Compute("hello"u8).Short);
    }

    [Fact]
    public void Default_digest_is_empty()
    {
        var digest = default(Digest);

        Assert.True(digest.IsEmpty);
        Assert.Equal(string.Empty, digest.ToString());
        Assert.False(digest.Verify([]));
        Assert.False(Digest.Compute([]).IsEmpty);
    }

    [Fact]
    public void Verify_checks_content()
    {
        var digest = Digest.Compute("hello"u8);

        Assert.True(digest.Verify("hello"u8));
        Assert.False(digest.Verify("hellO"u8));
    }

    [Fact]
    public void FromHash_and_FromEncoded_build_equal_digests()
    {
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.ASCII.GetBytes("hello"));

        Assert.Equal(Digest.FromEncoded("sha256", HelloSha256), Digest.FromHash("sha256", hash));
        Assert.Throws<ArgumentException>(() => Digest.FromHash("sha256", hash.AsSpan(1)));
    }
}
