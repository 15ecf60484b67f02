using System.Collections.Immutable;

namespace Kiln.Build.Operations.Files;

/// <summary>
/// A parsed <c>COPY/ADD --chmod</c> value (DF-COPY-CHMOD, DF-ADD-CHMOD): octal (<c>755</c>, <c>0644</c>,
/// at most <c>07777</c>; replaces all twelve permission bits) or symbolic as chmod(1) reads it
/// (<c>+x</c>, <c>u=rwX,go=rX</c>, <c>g=u</c>, <c>a-w</c>, comma-separated clauses; <c>X</c> adds execute
/// only for directories or entries someone can already execute). A symbolic mode without a who letter
/// applies to everyone (an umask of 0, as BuildKit applies it). Applies to every copied file and
/// directory, not to the directories COPY creates for the destination.
/// </summary>
public readonly record struct ChmodSpec
{
    private const int AllBits = 0xFFF; // 07777
    private const int SetUid = 0x800; // 04000
    private const int SetGid = 0x400; // 02000
    private const int Sticky = 0x200; // 01000
    private const int Read = 0x124; // 0444
    private const int Write = 0x92; // 0222
    private const int Execute = 0x49; // 0111
    private const int UserBits = 0x1C0; // 0700
    private const int GroupBits = 0x38; // 0070
    private const int OtherBits = 0x7; // 0007

    private readonly ImmutableArray<ModeChange> changes;

    private ChmodSpec(string text, int? octal, ImmutableArray<ModeChange> changes)
    {
        Text = text;
        Octal = octal;
        this.changes = changes;
    }

    /// <summary>The value as written.</summary>
    public string Text { get; }

    /// <summary>The octal mode, or null for a symbolic mode.</summary>
    public int? Octal { get; }

    /// <summary>True for a symbolic mode such as <c>u=rwX,go=rX</c>.</summary>
    public bool IsSymbolic => Octal is null;

    /// <summary>Parses a <c>--chmod</c> value; the error says what is wrong in BuildKit's words.</summary>
    public static bool TryParse(string text, out ChmodSpec spec, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        spec = default;
        var octalError = $"invalid chmod parameter: '{text}'. it should be octal string and between 0 and 07777";
        if (text.Length > 0 && char.IsAsciiDigit(text[0]))
        {
            // BuildKit: strconv.ParseUint(text, 8, 32); anything that looks numeric but is not a valid octal
            // number (or is above 07777) gets the octal message.
            if (!text.All(c => c is >= '0' and <= '7'))
            {
                error = octalError;
                return false;
            }

            var trimmed = text.TrimStart('0');
            var value = trimmed.Length is > 0 and <= 4 ? Convert.ToInt32(trimmed, 8) : 0;
            if (trimmed.Length > 4 || value > AllBits)
            {
                error = octalError;
                return false;
            }

            spec = new ChmodSpec(text, value, []);
            error = null;
            return true;
        }

        if (ParseSymbolic(text) is not { } parsed)
        {
            error = $"invalid chmod parameter: '{text}'. it should be an octal string between 0 and 07777 or a symbolic mode like u=rwX,go=rX (who: u, g, o, a; operator: +, -, =; permissions: r, w, x, X, s, t, or one of u, g, o)";
            return false;
        }

        spec = new ChmodSpec(text, null, parsed);
        error = null;
        return true;
    }

    /// <summary>Parses a <c>--chmod</c> value or throws a <see cref="FileOperationException"/> with the reason.</summary>
    public static ChmodSpec Parse(string text) =>
        TryParse(text, out var spec, out var error) ? spec : throw new FileOperationException(error!);

    /// <summary>The new permission bits (0..07777) for an entry whose current bits are <paramref name="mode"/>.</summary>
    /// <param name="mode">The entry's permission bits (only <c>mode &amp; 07777</c> is used).</param>
    /// <param name="isDirectory">True for a directory (<c>X</c> then always adds execute).</param>
    public int Apply(int mode, bool isDirectory)
    {
        if (Octal is { } octal)
        {
            return octal;
        }

        // chmod(1)'s mode_adjust with an umask of 0.
        var newMode = mode & AllBits;
        foreach (var change in changes.IsDefault ? [] : changes)
        {
            var omit = (isDirectory ? SetUid | SetGid : 0) & ~change.Mentioned;
            var value = change.Value;
            switch (change.Kind)
            {
                case ModeChangeKind.CopyExisting:
                    value &= newMode;
                    value = ((value & Read) != 0 ? Read : 0)
                        | ((value & Write) != 0 ? Write : 0)
                        | ((value & Execute) != 0 ? Execute : 0);
                    break;
                case ModeChangeKind.ExecuteIfAnyExecute:
                    if ((newMode & Execute) != 0 || isDirectory)
                    {
                        value |= Execute;
                    }

                    break;
            }

            value &= (change.Affected != 0 ? change.Affected : AllBits) & ~omit;
            switch (change.Operator)
            {
                case '=':
                    var preserved = (change.Affected != 0 ? ~change.Affected : 0) | omit;
                    newMode = (newMode & preserved) | value;
                    break;
                case '+':
                    newMode |= value;
                    break;
                default:
                    newMode &= ~value;
                    break;
            }
        }

        return newMode & AllBits;
    }

    public bool Equals(ChmodSpec other) => string.Equals(Text, other.Text, StringComparison.Ordinal);

    public override int GetHashCode() => Text is null ? 0 : StringComparer.Ordinal.GetHashCode(Text);

    public override string ToString() => Text ?? string.Empty;

    // chmod(1) grammar: clause ("," clause)*; clause = [ugoa]* action+; action = op ([ugo]+ | [rwxXst]*).
    private static ImmutableArray<ModeChange>? ParseSymbolic(string text)
    {
        var result = ImmutableArray.CreateBuilder<ModeChange>();
        var i = 0;
        while (true)
        {
            var affected = 0;
            for (; i < text.Length && text[i] is 'u' or 'g' or 'o' or 'a'; i++)
            {
                affected |= text[i] switch
                {
                    'u' => SetUid | UserBits,
                    'g' => SetGid | GroupBits,
                    'o' => Sticky | OtherBits,
                    _ => AllBits,
                };
            }

            if (i >= text.Length || text[i] is not ('+' or '-' or '='))
            {
                return null;
            }

            while (i < text.Length && text[i] is '+' or '-' or '=')
            {
                var op = text[i++];
                if (i < text.Length && text[i] is 'u' or 'g' or 'o')
                {
                    // "u+go" (BuildKit's parser accepts several classes): one copy action per class.
                    for (; i < text.Length && text[i] is 'u' or 'g' or 'o'; i++)
                    {
                        var copied = text[i] switch
                        {
                            'u' => UserBits,
                            'g' => GroupBits,
                            _ => OtherBits,
                        };
                        result.Add(new ModeChange(op, ModeChangeKind.CopyExisting, affected, copied, affected != 0 ? affected & copied : copied));
                    }

                    continue;
                }

                var kind = ModeChangeKind.Ordinary;
                var value = 0;
                for (; i < text.Length && text[i] is 'r' or 'w' or 'x' or 'X' or 's' or 't'; i++)
                {
                    switch (text[i])
                    {
                        case 'r':
                            value |= Read;
                            break;
                        case 'w':
                            value |= Write;
                            break;
                        case 'x':
                            value |= Execute;
                            break;
                        case 'X':
                            kind = ModeChangeKind.ExecuteIfAnyExecute;
                            break;
                        case 's':
                            value |= SetUid | SetGid;
                            break;
                        default:
                            value |= Sticky;
                            break;
                    }
                }

                result.Add(new ModeChange(op, kind, affected, value, affected != 0 ? affected & value : value));
            }

            if (i == text.Length)
            {
                return result.ToImmutable();
            }

            if (text[i] != ',')
            {
                return null;
            }

            i++;
        }
    }
}
