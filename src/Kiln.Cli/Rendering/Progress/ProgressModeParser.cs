namespace Kiln.Cli.Rendering.Progress;

/// <summary>
/// Reads the progress mode from <c>--progress</c> or, when the option is absent, from <c>BUILDKIT_PROGRESS</c>
/// (CLI-PROGRESS). Values are <c>auto</c>, <c>tty</c>, <c>plain</c>, <c>quiet</c> and <c>rawjson</c>; an empty value
/// means <c>auto</c> as in BuildKit; anything else is an <see cref="ArgumentException"/> naming where it came from.
/// </summary>
internal static class ProgressModeParser
{
    /// <summary>The environment variable that sets the default mode.</summary>
    public const string EnvironmentVariable = "BUILDKIT_PROGRESS";

    private const string Choices = "auto, tty, plain, quiet or rawjson";

    /// <summary>The mode <paramref name="optionValue"/> names, else the one in <c>BUILDKIT_PROGRESS</c>, else <see cref="ProgressMode.Auto"/>.</summary>
    public static ProgressMode Resolve(string? optionValue, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (optionValue is not null)
        {
            return TryParse(optionValue, out var mode)
                ? mode
                : throw new ArgumentException($"invalid --progress value \"{optionValue}\": use {Choices}");
        }

        var fromEnvironment = environment(EnvironmentVariable);
        if (fromEnvironment is null)
        {
            return ProgressMode.Auto;
        }

        return TryParse(fromEnvironment, out var envMode)
            ? envMode
            : throw new ArgumentException(
                $"invalid {EnvironmentVariable} value \"{fromEnvironment}\" in the environment: use {Choices}, or unset it");
    }

    /// <summary>Parses one value (case-insensitive, surrounding spaces ignored, empty means auto).</summary>
    public static bool TryParse(string value, out ProgressMode mode)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (value.Trim().ToLowerInvariant())
        {
            case "":
            case "auto":
                mode = ProgressMode.Auto;
                return true;
            case "tty":
                mode = ProgressMode.Tty;
                return true;
            case "plain":
                mode = ProgressMode.Plain;
                return true;
            case "quiet":
                mode = ProgressMode.Quiet;
                return true;
            case "rawjson":
                mode = ProgressMode.RawJson;
                return true;
            default:
                mode = default;
                return false;
        }
    }

    /// <summary>The value that selects <paramref name="mode"/> on the command line.</summary>
    public static string Format(ProgressMode mode) => mode switch
    {
        ProgressMode.Auto => "auto",
        ProgressMode.Tty => "tty",
        ProgressMode.Plain => "plain",
        ProgressMode.Quiet => "quiet",
        ProgressMode.RawJson => "rawjson",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };
}
