namespace Kiln.Build.Context;

/// <summary>
/// Orders names as their UTF-8 bytes would sort (code-point order), which is how BuildKit's walker
/// orders siblings: <c>bar</c> &lt; <c>baz</c> &lt; <c>foo</c> &lt; <c>foo2</c>. Plain ordinal UTF-16
/// order differs only for characters above U+FFFF versus U+E000..U+FFFF, which this fixes.
/// </summary>
internal sealed class ByteWiseNameComparer : IComparer<string>
{
    public static ByteWiseNameComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            if (x[i] != y[i])
            {
                return Weight(x[i]) - Weight(y[i]);
            }
        }

        return x.Length - y.Length;
    }

    // Surrogates encode code points >= U+10000, so they must sort after U+E000..U+FFFF.
    private static int Weight(char c) => c < 0xD800 ? c : c >= 0xE000 ? c - 0x800 : c + 0x2000;
}
