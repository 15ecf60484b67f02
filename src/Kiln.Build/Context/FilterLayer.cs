namespace Kiln.Build.Context;

/// <summary>
/// The streaming form of one <see cref="ContextFilter"/> during a walk (walk-vectors §3,
/// IGN-REINCLUDE-WALK). It receives entries in depth-first pre-order from the layer below (or the
/// disk), passes on those that survive its include/exclude rules, reports a held-back directory just
/// before its first surviving descendant, and asks the walker to skip directories whose subtree cannot
/// produce anything. Exceptions never reach across layers because each layer only sees what the layer
/// below passed on.
/// </summary>
internal sealed class FilterLayer
{
    private const int StackBits = 128;

    private readonly PatternMatcher? include;
    private readonly PatternMatcher? exclude;
    private readonly FilterLayer? next;
    private readonly List<ContextEntry> output;
    private readonly List<FilterFrame> stack = [];

    public FilterLayer(ContextFilter filter, FilterLayer? next, List<ContextEntry> output)
    {
        include = filter.Include;
        exclude = filter.Exclude;
        this.next = next;
        this.output = output;
    }

    /// <summary>
    /// Offers one entry. Returns null to continue, or the path of a directory whose remaining subtree
    /// must be skipped (the entry itself, or an ancestor that an upper layer rejected).
    /// </summary>
    public string? Accept(WalkItem item)
    {
        while (stack.Count > 0 && !item.Path.StartsWith(stack[^1].PathWithSlash, StringComparison.Ordinal))
        {
            stack.RemoveAt(stack.Count - 1);
        }

        var parent = stack.Count > 0 && stack[^1].Item.Depth == item.Depth - 1 ? stack[^1] : null;
        var isDirectory = item.Kind == ContextEntryKind.Directory;
        var report = true;
        bool[]? includeBits = null;
        bool[]? excludeBits = null;

        if (include is not null)
        {
            includeBits = isDirectory ? new bool[include.Count] : null;
            if (!Matches(include, item.Path, parent?.IncludeBits, includeBits))
            {
                if (!isDirectory)
                {
                    return null;
                }

                if (!include.CouldMatchBelow(item.Path))
                {
                    return item.Path;
                }

                report = false;
            }
        }

        if (exclude is not null)
        {
            excludeBits = isDirectory ? new bool[exclude.Count] : null;
            if (Matches(exclude, item.Path, parent?.ExcludeBits, excludeBits))
            {
                if (!isDirectory)
                {
                    return null;
                }

                if (!exclude.CouldReincludeBelow(item.Path))
                {
                    return item.Path;
                }

                report = false;
            }
        }

        var ancestors = stack.Count;
        FilterFrame? frame = null;
        if (isDirectory)
        {
            frame = new FilterFrame(item, includeBits, excludeBits);
            stack.Add(frame);
        }

        if (!report)
        {
            return null;
        }

        for (var i = 0; i < ancestors; i++)
        {
            var ancestor = stack[i];
            if (ancestor.Emitted)
            {
                continue;
            }

            ancestor.Emitted = true;
            if (Forward(ancestor.Item) is { } skip)
            {
                return skip;
            }
        }

        if (frame is not null)
        {
            frame.Emitted = true;
        }

        return Forward(item);
    }

    private static bool Matches(PatternMatcher matcher, string path, bool[]? parentBits, bool[]? keep)
    {
        if (keep is not null)
        {
            return matcher.Evaluate(path, parentBits, keep).IsMatch;
        }

        Span<bool> bits = matcher.Count <= StackBits ? stackalloc bool[matcher.Count] : new bool[matcher.Count];
        return matcher.Evaluate(path, parentBits, bits).IsMatch;
    }

    private string? Forward(WalkItem item)
    {
        if (next is not null)
        {
            return next.Accept(item);
        }

        output.Add(item.ToEntry());
        return null;
    }
}
