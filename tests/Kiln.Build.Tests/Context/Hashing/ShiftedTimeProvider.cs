namespace Kiln.Build.Tests.Context.Hashing;

/// <summary>The system clock moved by a fixed offset, to test the stat cache's racy-timestamp guard without sleeping.</summary>
internal sealed class ShiftedTimeProvider(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
