namespace Kiln.Cli.Commands;

/// <summary>
/// Parses <c>--build-arg</c> values as <c>docker build</c> does (CLI-BUILD-ARG): <c>K=V</c> sets a value,
/// a bare <c>K</c> takes the value from the client's environment and is dropped when that is unset.
/// </summary>
internal static class BuildArguments
{
    public static Dictionary<string, string> Parse(IEnumerable<string>? values, Func<string, string?> environment)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values ?? [])
        {
            var eq = value.IndexOf('=', StringComparison.Ordinal);
            if (eq == 0)
            {
                throw new ArgumentException($"invalid --build-arg \"{value}\": the name before '=' is empty; use --build-arg NAME=VALUE");
            }

            if (eq > 0)
            {
                result[value[..eq]] = value[(eq + 1)..];
            }
            else if (environment(value) is { } fromEnvironment)
            {
                result[value] = fromEnvironment;
            }
        }

        return result;
    }
}
