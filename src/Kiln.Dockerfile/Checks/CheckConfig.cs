using Kiln.Dockerfile.Diagnostics;
using Kiln.Dockerfile.Syntax;

namespace Kiln.Dockerfile.Checks;

/// <summary>
/// Which build checks run and whether findings fail the build (DF-DIR-CHECK, DF-DIR-CHECK-BUILDARG, DF-DIR-CHECK-LOCAL):
/// the <c># check=skip=A,B|all;error=true|false;experimental=A|all</c> directive, or the <c>BUILDKIT_DOCKERFILE_CHECK</c>
/// build argument (same syntax) that replaces it. Experimental rules run only when listed, and then even when skipped.
/// </summary>
public sealed record CheckConfig
{
    /// <summary>The build argument that overrides the <c># check=</c> directive.</summary>
    public const string BuildArgName = "BUILDKIT_DOCKERFILE_CHECK";

    /// <summary>No options: every stable rule on, experimental rules off, findings are warnings.</summary>
    public static CheckConfig Default { get; } = new();

    /// <summary><c>skip=all</c>: no stable rule runs.</summary>
    public bool SkipAll { get; init; }

    /// <summary>Rules named in <c>skip=</c> (exact names).</summary>
    public IReadOnlySet<string> SkippedRules { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary><c>experimental=all</c>: every experimental rule runs.</summary>
    public bool ExperimentalAll { get; init; }

    /// <summary>Experimental rules named in <c>experimental=</c>.</summary>
    public IReadOnlySet<string> ExperimentalRules { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary><c>error=true</c>: any finding fails the build.</summary>
    public bool ReturnAsError { get; init; }

    /// <summary>
    /// Parses a check option string (<c>skip=A,B;error=true</c>). Options are <c>;</c>-separated (at most three parts, as
    /// BuildKit splits them), keys are case-insensitive, values are exact. Throws <see cref="DockerfileException"/>
    /// (KILN1401/KILN1402) pointing at <paramref name="range"/> for an invalid option or value.
    /// </summary>
    public static CheckConfig Parse(string? value, string? filePath = null, SourceRange? range = null)
    {
        var text = (value ?? string.Empty).Trim();
        if (text.Length == 0)
        {
            return Default;
        }

        var skipAll = false;
        var experimentalAll = false;
        var error = false;
        var skip = new HashSet<string>(StringComparer.Ordinal);
        var experimental = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in text.Split(';', 3))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                throw Invalid(CheckErrorIds.InvalidOption, $"invalid check option {GoText.Quote(part)}", filePath, range);
            }

            var key = part[..eq].Trim();
            var optionValue = part[(eq + 1)..].Trim();
            switch (key.ToLowerInvariant())
            {
                case "skip":
                    skipAll = ReadList(optionValue, skip) || skipAll;
                    break;
                case "experimental":
                    experimentalAll = ReadList(optionValue, experimental) || experimentalAll;
                    break;
                case "error":
                    if (!GoText.TryParseBool(optionValue, out error))
                    {
                        throw Invalid(
                            CheckErrorIds.InvalidErrorValue,
                            $"failed to parse check option {GoText.Quote(part)}: strconv.ParseBool: parsing {GoText.Quote(optionValue)}: invalid syntax",
                            filePath,
                            range);
                    }

                    break;
                default:
                    throw Invalid(CheckErrorIds.InvalidOption, $"invalid check option {GoText.Quote(key)}", filePath, range);
            }
        }

        return new CheckConfig
        {
            SkipAll = skipAll,
            SkippedRules = skip,
            ExperimentalAll = experimentalAll,
            ExperimentalRules = experimental,
            ReturnAsError = error,
        };
    }

    /// <summary>
    /// The configuration in force: the <c>BUILDKIT_DOCKERFILE_CHECK</c> build argument when given (it replaces the
    /// directive), else the <c># check=</c> directive, else <see cref="Default"/>.
    /// </summary>
    public static CheckConfig Resolve(DockerfileSyntax syntax, IReadOnlyDictionary<string, string>? buildArgs = null)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        if (buildArgs is not null && buildArgs.TryGetValue(BuildArgName, out var fromArg))
        {
            return Parse(fromArg, "--build-arg " + BuildArgName);
        }

        return Parse(syntax.Directives.Check, syntax.Source.Path, syntax.Directives.CheckRange);
    }

    /// <summary>
    /// The local configuration from comments directly above an instruction (DF-DIR-CHECK-LOCAL): the first comment of
    /// the form <c>check=&lt;options&gt;</c> (value up to the first space), or null when there is none or it does not
    /// parse (BuildKit ignores a local comment it cannot read).
    /// </summary>
    public static CheckConfig? FromComments(IReadOnlyList<string> comments)
    {
        ArgumentNullException.ThrowIfNull(comments);
        foreach (var comment in comments)
        {
            if (DirectiveLine.TryParse(("#" + comment).AsSpan(), "#") is not { Key: "check" } directive)
            {
                continue;
            }

            var value = directive.Value;
            var space = value.IndexOf(' ', StringComparison.Ordinal);
            if (space >= 0)
            {
                value = value[..space];
            }

            try
            {
                return Parse(value);
            }
            catch (DockerfileException)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="rule"/> runs under this configuration (and <paramref name="local"/>, if any).</summary>
    public bool IsEnabled(CheckRule rule, CheckConfig? local = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return IsEnabled(rule.Name, rule.IsExperimental, local);
    }

    /// <summary>True when a rule named <paramref name="ruleName"/> runs under this configuration (and <paramref name="local"/>).</summary>
    public bool IsEnabled(string ruleName, bool isExperimental, CheckConfig? local = null)
    {
        ArgumentNullException.ThrowIfNull(ruleName);
        if (isExperimental)
        {
            // Experimental rules ignore skip: listing them is the opt-in.
            return ExperimentalAll || ExperimentalRules.Contains(ruleName)
                || (local is not null && (local.ExperimentalAll || local.ExperimentalRules.Contains(ruleName)));
        }

        return !(SkipAll || SkippedRules.Contains(ruleName)
            || (local is not null && (local.SkipAll || local.SkippedRules.Contains(ruleName))));
    }

    /// <summary>Adds the comma-separated names of <paramref name="value"/> to <paramref name="names"/>; true for <c>all</c>.</summary>
    private static bool ReadList(string value, HashSet<string> names)
    {
        if (value == "all")
        {
            return true;
        }

        names.Clear();
        foreach (var name in value.Split(','))
        {
            names.Add(name.Trim());
        }

        return false;
    }

    private static DockerfileException Invalid(string id, string message, string? filePath, SourceRange? range) =>
        new(id, "failed to parse check options: " + message, filePath, range, "use check=skip=<rules>|all;error=true|false;experimental=<rules>|all");
}
