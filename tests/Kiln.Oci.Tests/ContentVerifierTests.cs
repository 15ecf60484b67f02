namespace Kiln.Oci.Tests;

public sealed class ContentVerifierTests
{
    private static readonly byte[] Content = "the real thing"u8.ToArray();

    [Fact]
    public void Passes_on_exact_content_appended_in_pieces()
    {
        using var verifier = Verifier(Content.Length);

        verifier.Append(Content.AsSpan(0, 5));
        verifier.Append([]);
        verifier.Append(Content.AsSpan(5));
        verifier.Complete();

        Assert.True(verifier.Verified);
        Assert.Equal(Content.Length, verifier.BytesHashed);
    }

    [Fact]
    public void Passes_without_an_expected_size_when_the_digest_matches()
    {
        using var verifier = Verifier(expectedSize: null);
        verifier.Append(Content);
        verifier.Complete();
        Assert.True(verifier.Verified);
    }

    [Fact]
    public void Throws_at_the_end_on_a_wrong_digest()
    {
        using var verifier = Verifier(Content.Length);
        var impostor = "the fake thing"u8.ToArray();
        verifier.Append(impostor);

        var e = Assert.Throws<MismatchException>(verifier.Complete);

        Assert.Equal(Digest.Compute(impostor), e.ActualDigest);
        Assert.Equal(impostor.Length, e.ActualSize);
        Assert.False(verifier.Verified);
    }

    [Fact]
    public void Throws_at_the_end_on_too_few_bytes()
    {
        using var verifier = Verifier(Content.Length);
        verifier.Append(Content.AsSpan(0, 4));

        var e = Assert.Throws<MismatchException>(verifier.Complete);

        Assert.Equal(Digest.Compute(Content.AsSpan(0, 4)), e.ActualDigest);
        Assert.Equal(4, e.ActualSize);
    }

    [Fact]
    public void Throws_as_soon_as_too_many_bytes_arrive_without_hashing_them()
    {
        using var verifier = Verifier(Content.Length);
        verifier.Append(Content);

        var e = Assert.Throws<MismatchException>(() => verifier.Append("!!"u8));

        Assert.Null(e.ActualDigest);
        Assert.Equal(Content.Length + 2, e.ActualSize);
        Assert.Equal(Content.Length, verifier.BytesHashed);
        Assert.Throws<MismatchException>(() => verifier.Append("!"u8));
    }

    [Fact]
    public void A_mismatch_keeps_failing_and_a_match_is_checked_once()
    {
        var built = 0;
        using var verifier = new ContentVerifier(Digest.Compute(Content), Content.Length, (actual, size) =>
        {
            built++;
            return new MismatchException(actual, size);
        });
        verifier.Append("wrong"u8);

        // A caller that reads on after the exception must never see a clean end.
        Assert.Throws<MismatchException>(verifier.Complete);
        Assert.Throws<MismatchException>(verifier.Complete);
        Assert.Equal(2, built);
        Assert.False(verifier.Verified);

        using var good = Verifier(Content.Length);
        good.Append(Content);
        good.Complete();
        good.Complete();
        Assert.True(good.Verified);
    }

    [Fact]
    public void Hashes_with_the_expected_digests_algorithm()
    {
        using var verifier = new ContentVerifier(Digest.Compute(Content, Digest.Sha512), Content.Length, (a, s) => new MismatchException(a, s));
        verifier.Append(Content);
        verifier.Complete();
        Assert.True(verifier.Verified);
    }

    private static ContentVerifier Verifier(long? expectedSize) =>
        new(Digest.Compute(Content), expectedSize, (actual, size) => new MismatchException(actual, size));

    /// <summary>What the verifier's caller would throw; carries what the verifier passed it.</summary>
    private sealed class MismatchException(Digest? actualDigest, long actualSize) : Exception("mismatch")
    {
        public Digest? ActualDigest { get; } = actualDigest;

        public long ActualSize { get; } = actualSize;
    }
}
