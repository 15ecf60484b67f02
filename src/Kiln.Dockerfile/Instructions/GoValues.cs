using System.Globalization;

namespace Kiln.Dockerfile.Instructions;

/// <summary>
/// Parsers for value syntaxes BuildKit takes from Go: booleans (<c>strconv.ParseBool</c>), durations
/// (<c>time.ParseDuration</c>, DF-HEALTHCHECK-OPTS) and byte sizes (<c>64m</c>, DF-RUN-MOUNT-TMPFS).
/// </summary>
internal static class GoValues
{
    public static bool? ParseBool(string value) => value switch
    {
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        _ => null,
    };

    /// <summary>Parses a Go duration (<c>1m30s</c>, <c>500ms</c>, <c>-1.5h</c>); null with a Go-style message when invalid.</summary>
    public static TimeSpan? ParseDuration(string value, out string? error)
    {
        error = $"time: invalid duration \"{value}\"";
        var s = value;
        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s == "0")
        {
            error = null;
            return TimeSpan.Zero;
        }

        if (s.Length == 0)
        {
            return null;
        }

        decimal totalNanos = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            var intPart = s[start..i];
            var fracPart = string.Empty;
            if (i < s.Length && s[i] == '.')
            {
                i++;
                var fracStart = i;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    i++;
                }

                fracPart = s[fracStart..i];
            }

            if (intPart.Length == 0 && fracPart.Length == 0)
            {
                return null;
            }

            var unitStart = i;
            while (i < s.Length && s[i] != '.' && !char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            var unit = s[unitStart..i];
            if (unit.Length == 0)
            {
                error = $"time: missing unit in duration \"{value}\"";
                return null;
            }

            decimal multiplier = unit switch
            {
                "ns" => 1m,
                "us" or "\u00b5s" or "\u03bcs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60_000_000_000m,
                "h" => 3_600_000_000_000m,
                _ => -1m,
            };
            if (multiplier < 0)
            {
                error = $"time: unknown unit \"{unit}\" in duration \"{value}\"";
                return null;
            }

            var number = decimal.Parse((intPart.Length == 0 ? "0" : intPart) + (fracPart.Length == 0 ? string.Empty : "." + fracPart), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            totalNanos += number * multiplier;
            if (totalNanos > long.MaxValue)
            {
                return null;
            }
        }

        error = null;
        var ticks = (long)(totalNanos / 100m);
        return TimeSpan.FromTicks(negative ? -ticks : ticks);
    }

    /// <summary>Parses a RAM size like docker's units (<c>64m</c>, <c>1.5GiB</c>, <c>1024</c>) in bytes (binary multiples).</summary>
    public static long? ParseRamBytes(string value)
    {
        var i = 0;
        while (i < value.Length && (char.IsAsciiDigit(value[i]) || value[i] == '.'))
        {
            i++;
        }

        var number = value[..i];
        var dot = number.IndexOf('.', StringComparison.Ordinal);
        var valid = number.Length > 0 && dot != 0 && dot != number.Length - 1 && (dot < 0 || number.IndexOf('.', dot + 1) < 0);
        if (!valid || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var size))
        {
            return null;
        }

        var rest = value[i..];
        if (rest.StartsWith(' '))
        {
            rest = rest[1..];
        }

        long multiplier = 1;
        if (rest.Length > 0 && "kKmMgGtTpP".Contains(rest[0], StringComparison.Ordinal))
        {
            multiplier = char.ToLowerInvariant(rest[0]) switch
            {
                'k' => 1L << 10,
                'm' => 1L << 20,
                'g' => 1L << 30,
                't' => 1L << 40,
                _ => 1L << 50,
            };
            rest = rest[1..];
        }

        if (rest.Length > 0 && (rest[0] == 'i' || rest[0] == 'I'))
        {
            rest = rest[1..];
        }

        if (rest.Length > 0 && (rest[0] == 'b' || rest[0] == 'B'))
        {
            rest = rest[1..];
        }

        return rest.Length == 0 ? (long)(size * multiplier) : null;
    }
}
