using System.Globalization;

namespace Kiln.Dockerfile.Instructions;

/// <summary>
/// Linux signal names and numbers accepted by <c>STOPSIGNAL</c> (DF-STOPSIGNAL): a number other than 0,
/// or a name with or without the <c>SIG</c> prefix (case-insensitive), including <c>RTMIN+n</c>/<c>RTMAX-n</c>.
/// </summary>
internal static class SignalNames
{
    private static readonly Dictionary<string, int> Map = Build();

    public static int? Parse(string raw)
    {
        if (int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return number == 0 ? null : number;
        }

        var name = raw.ToUpperInvariant();
        if (name.StartsWith("SIG", StringComparison.Ordinal))
        {
            name = name[3..];
        }

        return Map.TryGetValue(name, out var value) ? value : null;
    }

    private static Dictionary<string, int> Build()
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["ABRT"] = 6, ["ALRM"] = 14, ["BUS"] = 7, ["CHLD"] = 17, ["CLD"] = 17, ["CONT"] = 18, ["FPE"] = 8,
            ["HUP"] = 1, ["ILL"] = 4, ["INT"] = 2, ["IO"] = 29, ["IOT"] = 6, ["KILL"] = 9, ["PIPE"] = 13,
            ["POLL"] = 29, ["PROF"] = 27, ["PWR"] = 30, ["QUIT"] = 3, ["SEGV"] = 11, ["STKFLT"] = 16,
            ["STOP"] = 19, ["SYS"] = 31, ["TERM"] = 15, ["TRAP"] = 5, ["TSTP"] = 20, ["TTIN"] = 21,
            ["TTOU"] = 22, ["UNUSED"] = 31, ["URG"] = 23, ["USR1"] = 10, ["USR2"] = 12, ["VTALRM"] = 26,
            ["WINCH"] = 28, ["XCPU"] = 24, ["XFSZ"] = 25, ["RTMIN"] = 34, ["RTMAX"] = 64,
        };
        for (var i = 1; i <= 15; i++)
        {
            map[string.Create(CultureInfo.InvariantCulture, $"RTMIN+{i}")] = 34 + i;
            map[string.Create(CultureInfo.InvariantCulture, $"RTMAX-{i}")] = 64 - i;
        }

        return map;
    }
}
