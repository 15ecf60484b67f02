namespace Kiln.Dockerfile.Instructions;

/// <summary>
/// A <c>--chmod</c> value (DF-COPY-CHMOD): an octal mode up to <c>07777</c> or a symbolic mode such as
/// <c>+x</c>, <c>u=rwX,go=rX</c>, <c>g=u</c> (clauses <c>[ugoa]*([-+=]([rwxXst]*|[ugo]))+</c>, comma separated).
/// </summary>
/// <param name="Raw">The value as given.</param>
/// <param name="Octal">The mode when octal, null when symbolic.</param>
public readonly record struct ChmodSpec(string Raw, uint? Octal)
{
    private const uint UserBits = 0b100_111_000_000; // 04700
    private const uint GroupBits = 0b010_000_111_000; // 02070
    private const uint OtherBits = 0b001_000_000_111; // 01007

    /// <summary>True for a symbolic mode.</summary>
    public bool IsSymbolic => Octal is null;

    /// <summary>Parses and validates a chmod value; returns false with BuildKit's message when invalid.</summary>
    public static bool TryParse(string value, out ChmodSpec spec, out string? error)
    {
        ArgumentNullException.ThrowIfNull(value);
        spec = default;
        error = $"invalid chmod parameter {value}. it should be octal string and between 0 and 07777, or a symbolic mode like u=rwX,go=rX";
        if (value.Length == 0)
        {
            return false;
        }

        if (char.IsAsciiDigit(value[0]))
        {
            uint mode = 0;
            foreach (var c in value)
            {
                if (c < '0' || c > '7')
                {
                    return false;
                }

                mode = (mode * 8) + (uint)(c - '0');
                if (mode > 0xFFF)
                {
                    return false;
                }
            }

            spec = new ChmodSpec(value, mode);
            error = null;
            return true;
        }

        foreach (var clause in value.Split(','))
        {
            if (!IsValidClause(clause))
            {
                return false;
            }
        }

        spec = new ChmodSpec(value, null);
        error = null;
        return true;
    }

    /// <summary>
    /// The resulting permission bits (<c>07777</c> mask) for a file whose current bits are
    /// <paramref name="current"/>. Octal modes replace the bits; symbolic clauses apply in order
    /// (no who letter = all, umask ignored; <c>X</c> = execute if a directory or already executable by anyone).
    /// </summary>
    public uint Apply(uint current, bool isDirectory)
    {
        if (Octal is { } octal)
        {
            return octal;
        }

        var mode = current & 0xFFF;
        foreach (var clause in Raw.Split(','))
        {
            var i = 0;
            uint who = 0;
            for (; i < clause.Length && "ugoa".Contains(clause[i], StringComparison.Ordinal); i++)
            {
                who |= clause[i] switch { 'u' => UserBits, 'g' => GroupBits, 'o' => OtherBits, _ => 0xFFFu };
            }

            if (who == 0)
            {
                who = 0xFFF;
            }

            while (i < clause.Length)
            {
                var op = clause[i++];
                uint bits = 0;
                if (i < clause.Length && "ugo".Contains(clause[i], StringComparison.Ordinal))
                {
                    var shift = clause[i++] switch { 'u' => 6, 'g' => 3, _ => 0 };
                    var perms = (mode >> shift) & 0b111;
                    bits = (perms << 6) | (perms << 3) | perms;
                }
                else
                {
                    for (; i < clause.Length && "rwxXst".Contains(clause[i], StringComparison.Ordinal); i++)
                    {
                        bits |= clause[i] switch
                        {
                            'r' => 0b100_100_100u,
                            'w' => 0b010_010_010u,
                            'x' => 0b001_001_001u,
                            'X' => isDirectory || (mode & 0b001_001_001) != 0 ? 0b001_001_001u : 0u,
                            's' => 0b110_000_000_000u,
                            _ => 0b001_000_000_000u,
                        };
                    }
                }

                bits &= who;
                mode = op switch
                {
                    '+' => mode | bits,
                    '-' => mode & ~bits,
                    _ => (mode & ~who) | bits,
                };
            }
        }

        return mode & 0xFFF;
    }

    public override string ToString() => Raw;

    private static bool IsValidClause(string clause)
    {
        var i = 0;
        while (i < clause.Length && "ugoa".Contains(clause[i], StringComparison.Ordinal))
        {
            i++;
        }

        var actions = 0;
        while (i < clause.Length)
        {
            if (!"+-=".Contains(clause[i], StringComparison.Ordinal))
            {
                return false;
            }

            i++;
            actions++;
            if (i < clause.Length && "ugo".Contains(clause[i], StringComparison.Ordinal))
            {
                i++;
                continue;
            }

            while (i < clause.Length && "rwxXst".Contains(clause[i], StringComparison.Ordinal))
            {
                i++;
            }
        }

        return actions > 0;
    }
}
