using System.Text.RegularExpressions;

namespace Kiln.Cli.Tests.Differential;

/// <summary>
/// The test dockerd runs BuildKit 0.8 (Docker 20.10), whose history <c>created_by</c> texts predate changes that Kiln
/// follows (current BuildKit, features.md DF-IMG-HISTORY-TEXT). Before comparing, Kiln's text is rewritten the way the
/// old BuildKit would have written it; each rule is a version difference, not a Kiln bug, and the cases also assert
/// Kiln's current-BuildKit text where it matters:
/// <list type="bullet">
/// <item><c>COPY/ADD --chown=… --chmod=…</c>: BuildKit 0.8 did not record the flags (current <c>convert_copy.go</c> does).</item>
/// <item><c>EXPOSE [80/tcp 53/udp]</c>: BuildKit 0.8 printed the Go map, <c>EXPOSE map[53/udp:{} 80/tcp:{}]</c>; current
/// BuildKit prints the parsed list in order.</item>
/// <item><c>HEALTHCHECK &amp;{[…] "5s" "3s" "0s" "0s" '\x03'}</c>: BuildKit 0.8's struct had no StartInterval (four durations).</item>
/// </list>
/// </summary>
internal static partial class BuildKit08History
{
    public static string FromCurrent(string createdBy)
    {
        if (createdBy.StartsWith("COPY ", StringComparison.Ordinal) || createdBy.StartsWith("ADD ", StringComparison.Ordinal))
        {
            return OwnerFlags().Replace(createdBy, "");
        }

        if (createdBy.StartsWith("EXPOSE [", StringComparison.Ordinal) && createdBy.EndsWith(']'))
        {
            var ports = createdBy["EXPOSE [".Length..^1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct().Order(StringComparer.Ordinal);
            return "EXPOSE map[" + string.Join(' ', ports.Select(p => p + ":{}")) + "]";
        }

        if (createdBy.StartsWith("HEALTHCHECK &{", StringComparison.Ordinal))
        {
            return StartInterval().Replace(createdBy, "$1");
        }

        return createdBy;
    }

    [GeneratedRegex(" --ch(own|mod)=[^ ]+")]
    private static partial Regex OwnerFlags();

    // The fourth quoted duration (StartInterval) before the retries rune.
    [GeneratedRegex("""^(HEALTHCHECK &\{.*\] "[^"]*" "[^"]*" "[^"]*") "[^"]*"(?= ')""")]
    private static partial Regex StartInterval();
}
