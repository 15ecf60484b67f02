using System.Globalization;

namespace Kiln.Cli.Rendering.Progress;

/// <summary>
/// Numbers as BuildKit's progress output prints them: seconds with one decimal (<c>DONE 0.3s</c>), log offsets
/// with 3, 2 or 1 decimals by magnitude (<c>0.512</c>, <c>12.34</c>, <c>123.4</c>), and byte counts in decimal
/// units (<c>2B</c>, <c>2.10MB</c>, tonistiigi/units' <c>%.2f</c>). .NET's fixed-point formatting rounds the exact
/// binary value half to even, as Go's does, so the digits match.
/// </summary>
internal static class ProgressNumbers
{
    private static readonly string[] Units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];

    /// <summary><paramref name="seconds"/> with one decimal, without the unit.</summary>
    public static string Seconds(double seconds) => seconds.ToString("F1", CultureInfo.InvariantCulture);

    /// <summary>A log line's offset from its step's start: 3 decimals under 10 s, 2 under 100 s, else 1; never negative.</summary>
    public static string LogOffset(TimeSpan offset)
    {
        var seconds = Math.Max(0, offset.TotalSeconds);
        var format = seconds < 10 ? "F3" : seconds < 100 ? "F2" : "F1";
        return seconds.ToString(format, CultureInfo.InvariantCulture);
    }

    /// <summary>A byte count: whole bytes below 1000 (<c>512B</c>), else two decimals of the largest decimal unit.</summary>
    public static string Bytes(long bytes)
    {
        if (bytes is > -1000 and < 1000)
        {
            return bytes.ToString(CultureInfo.InvariantCulture) + "B";
        }

        var magnitude = Math.Abs((double)bytes);
        var unit = 0;
        var scale = 1.0;
        while (unit < Units.Length - 1 && magnitude >= scale * 1000)
        {
            scale *= 1000;
            unit++;
        }

        return (bytes / scale).ToString("F2", CultureInfo.InvariantCulture) + Units[unit];
    }
}
