namespace Kiln.Linux;

/// <summary>A point in time as the kernel stores it: seconds since the Unix epoch plus nanoseconds (0..999,999,999).</summary>
public readonly record struct UnixTimestamp
{
    public UnixTimestamp(long seconds, int nanoseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nanoseconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nanoseconds, 999_999_999);
        Seconds = seconds;
        Nanoseconds = nanoseconds;
    }

    public long Seconds { get; }

    public int Nanoseconds { get; }

    /// <summary>Whole seconds, no fraction.</summary>
    public static UnixTimestamp FromSeconds(long seconds) => new(seconds, 0);

    /// <summary>Converts from a <see cref="DateTimeOffset"/> (100 ns resolution).</summary>
    public static UnixTimestamp FromDateTimeOffset(DateTimeOffset value)
    {
        var ticks = value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var rest);
        if (rest < 0)
        {
            seconds--;
            rest += TimeSpan.TicksPerSecond;
        }

        return new UnixTimestamp(seconds, (int)(rest * 100));
    }

    /// <summary>Converts to a <see cref="DateTimeOffset"/>, truncating below 100 ns.</summary>
    public DateTimeOffset ToDateTimeOffset() =>
        DateTimeOffset.UnixEpoch.AddTicks((Seconds * TimeSpan.TicksPerSecond) + (Nanoseconds / 100));

    public override string ToString() => Nanoseconds == 0 ? Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : $"{Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}.{Nanoseconds:D9}";
}
