namespace Kiln.Build.Context;

/// <summary>Token matching: a Thompson-style NFA simulation, linear in path length, allocation-free for short patterns.</summary>
internal sealed partial class GlobPattern
{
    private const int StackLimit = 256;

    // State 2k = "before token k", 2k+1 = "inside token k" (only used by DoubleStarSlash, whose
    // "(.*/)?" needs to remember that it has started consuming). State 2m = accept.
    private bool Nfa(int start, int end, ReadOnlySpan<char> text)
    {
        var count = end - start;
        var width = (2 * count) + 2;
        Span<bool> current = width <= StackLimit ? stackalloc bool[width] : new bool[width];
        Span<bool> next = width <= StackLimit ? stackalloc bool[width] : new bool[width];
        current.Clear();
        current[0] = true;
        Close(start, count, current);

        var i = 0;
        while (i < text.Length)
        {
            var rune = ReadRune(text, ref i);
            next.Clear();
            var any = false;
            for (var k = 0; k < count; k++)
            {
                var before = current[2 * k];
                var inside = current[(2 * k) + 1];
                if (!before && !inside)
                {
                    continue;
                }

                var token = tokens[start + k];
                switch (token.Kind)
                {
                    case GlobTokenKind.Literal when before && token.Rune == rune:
                    case GlobTokenKind.AnyOne when before && rune != '/':
                        next[2 * (k + 1)] = any = true;
                        break;
                    case GlobTokenKind.Class when before && token.Class!.Matches(rune):
                        next[2 * (k + 1)] = any = true;
                        break;
                    case GlobTokenKind.Star when before && rune != '/':
                    case GlobTokenKind.DoubleStarEnd when before:
                        next[2 * k] = any = true;
                        break;
                    case GlobTokenKind.DoubleStarSlash:
                        next[(2 * k) + 1] = any = true;
                        if (rune == '/')
                        {
                            next[2 * (k + 1)] = true;
                        }

                        break;
                }
            }

            if (!any)
            {
                return false;
            }

            Close(start, count, next);
            var swap = current;
            current = next;
            next = swap;
        }

        return current[2 * count];
    }

    // Epsilon moves: every star kind may match nothing; they only point forward, so one pass suffices.
    private void Close(int start, int count, Span<bool> states)
    {
        for (var k = 0; k < count; k++)
        {
            if (states[2 * k] && tokens[start + k].Kind is GlobTokenKind.Star or GlobTokenKind.DoubleStarEnd or GlobTokenKind.DoubleStarSlash)
            {
                states[2 * (k + 1)] = true;
            }
        }
    }
}
