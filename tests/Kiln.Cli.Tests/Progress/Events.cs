using System.Text;
using Kiln.Build.Progress;

namespace Kiln.Cli.Tests.Progress;

/// <summary>Build events at fixed times: seconds after <see cref="T0"/>.</summary>
internal static class Events
{
    public static readonly DateTimeOffset T0 = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static DateTimeOffset At(double seconds) => T0 + TimeSpan.FromSeconds(seconds);

    public static StepStarted Started(int id, string name, double at, string? stage = null, int? index = null) =>
        new(At(at), id, name, stage, index);

    public static StepLog Log(int id, double at, string text, int stream = 1) =>
        new(At(at), id, stream, Encoding.UTF8.GetBytes(text));

    public static StepLog Bytes(int id, double at, params byte[] data) => new(At(at), id, 1, data);

    public static StepCompleted Done(int id, double at, double duration) => new(At(at), id, false, TimeSpan.FromSeconds(duration));

    public static StepCompleted Cached(int id, double at) => new(At(at), id, true, TimeSpan.Zero);

    public static StepCompleted Failed(int id, double at, double duration, string error) =>
        new(At(at), id, false, TimeSpan.FromSeconds(duration), error);

    public static StepCompleted Canceled(int id, double at, double duration) =>
        new(At(at), id, false, TimeSpan.FromSeconds(duration), "context canceled", Canceled: true);

    public static StepStatus Status(int id, double at, string item, long current = 0, long? total = null, bool completed = false) =>
        new(At(at), id, item, current, total, completed);

    public static CacheExplanation Miss(int id, double at, params string[] reasons) => new(At(at), id, reasons);

    public static BuildWarning Warning(double at, string message, string? detail = null, string? url = null) =>
        new(At(at), message, detail, url);

    public static BuildFinished Finished(double at, double duration, string? imageId = null, string? error = null) =>
        new(At(at), TimeSpan.FromSeconds(duration), imageId, error);
}
