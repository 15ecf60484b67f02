using System.Globalization;

namespace Kiln.Cli.Commands.Store;

/// <summary>
/// Parses sizes given on the command line (<c>--keep-storage 512MB</c>) the way Docker's flags read them (go-units
/// <c>RAMInBytes</c>): a decimal number and an optional unit b, k/kb/kib, m/mb/mib, g/gb/gib, t/tb/tib (any case), each a
/// power of 1024.
/// </summary>
internal static class StorageSize
{
    /// <summary>The size in bytes, or false with a message naming the value and the accepted form.</summary>
    public static bool TryParse(string text, out long bytes, out string? error)
    {
        bytes = 0;
        error = null;
        var value = text.Trim();
        var split = 0;
        while (split < value.Length && (char.IsAsciiDigit(value[split]) || value[split] == '.'))
        {
            split++;
        }

        var unit = value[split..].Trim().ToLowerInvariant();
        var shift = unit switch
        {
            "" or "b" => 0,
            "k" or "kb" or "kib" => 10,
            "m" or "mb" or "mib" => 20,
            "g" or "gb" or "gib" => 30,
            "t" or "tb" or "tib" => 40,
            _ => -1,
        };
        if (split == 0 || shift < 0 || !double.TryParse(value[..split], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            error = $"invalid size \"{text}\": expected a number with an optional unit such as 512MB or 10GB";
            return false;
        }

        var result = number * Math.Pow(2, shift);
        if (result >= long.MaxValue)
        {
            error = $"invalid size \"{text}\": too large";
            return false;
        }

        bytes = (long)result;
        return true;
    }
}
