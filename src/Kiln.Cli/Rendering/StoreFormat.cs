using System.Globalization;

namespace Kiln.Cli.Rendering;

/// <summary>
/// The value formats Docker's CLI uses for images (issue 3 "Commands"): decimal human sizes (<c>4.26MB</c>, go-units
/// <c>HumanSizeWithPrecision</c>, i.e. Go's <c>%.Ng</c> over powers of 1000), relative times (<c>3 days ago</c>, go-units
/// <c>HumanDuration</c>) and Go's <c>time.Time.String()</c> form (<c>2024-01-02 03:04:05 +0000 UTC</c>).
/// </summary>
internal static class StoreFormat
{
    private static readonly string[] Units = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];

    /// <summary>A size with <paramref name="precision"/> significant digits: 3 in tables (<c>4.26MB</c>), 4 in totals (<c>4.261MB</c>).</summary>
    public static string HumanSize(long bytes, int precision = 3)
    {
        double size = bytes;
        var unit = 0;
        while (size >= 1000 && unit < Units.Length - 1)
        {
            size /= 1000;
            unit++;
        }

        return FormatG(size, precision) + Units[unit];
    }

    /// <summary>Go's <c>%.{precision}g</c>: shortest of fixed and exponent notation, trailing zeros removed.</summary>
    public static string FormatG(double value, int precision)
    {
        if (value == 0)
        {
            return "0";
        }

        var scientific = value.ToString("E" + (precision - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var e = scientific.IndexOf('E', StringComparison.Ordinal);
        var exponent = int.Parse(scientific.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (exponent < -4 || exponent >= precision)
        {
            var mantissa = TrimZeros(scientific[..e]);
            var sign = exponent < 0 ? "-" : "+";
            return mantissa + "e" + sign + Math.Abs(exponent).ToString("D2", CultureInfo.InvariantCulture);
        }

        var decimals = Math.Max(0, precision - 1 - exponent);
        return TrimZeros(value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
    }

    /// <summary>How long ago <paramref name="time"/> was, as Docker prints it: <c>About an hour ago</c>, <c>3 weeks ago</c>; <c>N/A</c> when unknown.</summary>
    public static string Ago(DateTimeOffset? time, DateTimeOffset now) =>
        time is { } t && t.Year > 1 ? Duration(now - t) + " ago" : "N/A";

    /// <summary>A duration in Docker's words (go-units <c>HumanDuration</c> thresholds).</summary>
    public static string Duration(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (seconds < 1)
        {
            return "Less than a second";
        }

        if (seconds == 1)
        {
            return "1 second";
        }

        if (seconds < 60)
        {
            return Invariant($"{seconds} seconds");
        }

        var minutes = (long)d.TotalMinutes;
        if (minutes == 1)
        {
            return "About a minute";
        }

        if (minutes < 60)
        {
            return Invariant($"{minutes} minutes");
        }

        var hours = (long)Math.Round(d.TotalHours, MidpointRounding.AwayFromZero);
        return hours switch
        {
            1 => "About an hour",
            < 48 => Invariant($"{hours} hours"),
            < 24 * 7 * 2 => Invariant($"{hours / 24} days"),
            < 24 * 30 * 2 => Invariant($"{hours / 24 / 7} weeks"),
            < 24 * 365 * 2 => Invariant($"{hours / 24 / 30} months"),
            _ => Invariant($"{(long)d.TotalHours / 24 / 365} years"),
        };
    }

    /// <summary>Go's <c>time.Time.String()</c> in UTC: <c>2024-01-02 03:04:05 +0000 UTC</c> (fraction digits when present).</summary>
    public static string GoTimeString(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        var text = utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var ticks = utc.Ticks % TimeSpan.TicksPerSecond;
        if (ticks != 0)
        {
            text += "." + (ticks * 100).ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        }

        return text + " +0000 UTC";
    }

    /// <summary>Go's <c>time.RFC3339</c> (seconds precision), used by <c>history --human=false</c>.</summary>
    public static string Rfc3339(DateTimeOffset time) =>
        time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + (time.Offset == TimeSpan.Zero ? "Z" : time.ToString("zzz", CultureInfo.InvariantCulture));

    /// <summary>A percentage as Docker's <c>system df</c> prints it: integer division, no rounding.</summary>
    public static string WithPercent(long part, long total) =>
        total > 0 ? Invariant($"{HumanSize(part, 4)} ({part * 100 / total}%)") : HumanSize(part, 4);

    /// <summary>Cuts <paramref name="text"/> to <paramref name="max"/> characters with a trailing <c>…</c> (Docker's <c>Ellipsis</c>).</summary>
    public static string Ellipsis(string text, int max)
    {
        var runes = text.EnumerateRunes().ToList();
        if (runes.Count <= max)
        {
            return text;
        }

        var kept = max <= 3 ? runes.Take(max) : runes.Take(max - 1);
        return string.Concat(kept.Select(r => r.ToString())) + (max <= 3 ? string.Empty : "…");
    }

    private static string TrimZeros(string number) =>
        number.Contains('.', StringComparison.Ordinal) ? number.TrimEnd('0').TrimEnd('.') : number;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
