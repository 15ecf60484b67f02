using System.Globalization;
using System.Net;

namespace Kiln.Dockerfile.Planning;

/// <summary>
/// Parses expanded EXPOSE words (DF-EXPOSE, DF-EXPOSE-PROTO, DF-EXPOSE-RANGE, DF-EXPOSE-MAPPING):
/// <c>[ip:][hostPort:]port[-end][/proto]</c> → <c>port/proto</c> entries, with BuildKit's messages.
/// </summary>
internal static class ExposeParser
{
    /// <summary>The <c>port/proto</c> entries of <paramref name="raw"/>, or null with <paramref name="error"/>.</summary>
    public static IReadOnlyList<string>? Parse(string raw, out string? error)
    {
        error = null;
        var parts = raw.Split(':');
        string ip = string.Empty, hostPort = string.Empty, containerPort;
        switch (parts.Length)
        {
            case 1:
                containerPort = parts[0];
                break;
            case 2:
                (hostPort, containerPort) = (parts[0], parts[1]);
                break;
            default:
                ip = string.Join(':', parts[..^2]);
                (hostPort, containerPort) = (parts[^2], parts[^1]);
                break;
        }

        var slash = containerPort.IndexOf('/', StringComparison.Ordinal);
        var port = slash >= 0 ? containerPort[..slash] : containerPort;
        var proto = slash >= 0 ? containerPort[(slash + 1)..].ToLowerInvariant() : string.Empty;
        if (port.Length == 0)
        {
            error = $"no port specified: {containerPort}<empty>";
            return null;
        }

        switch (proto)
        {
            case "":
                proto = "tcp";
                break;
            case "tcp" or "udp" or "sctp":
                break;
            default:
                error = "invalid proto: " + proto;
                return null;
        }

        if (ip.Length > 0)
        {
            var bare = ip.StartsWith('[') && ip.EndsWith(']') ? ip[1..^1] : ip;
            if (!IPAddress.TryParse(bare, out _))
            {
                error = "invalid IP address: " + ip;
                return null;
            }
        }

        if (!TryRange(port, out var start, out var end))
        {
            error = "invalid containerPort: " + port;
            return null;
        }

        if (hostPort.Length > 0)
        {
            if (!TryRange(hostPort, out var hostStart, out var hostEnd))
            {
                error = "invalid hostPort: " + hostPort;
                return null;
            }

            if (end - start != hostEnd - hostStart && end != start)
            {
                error = $"invalid ranges specified for container and host Ports: {port} and {hostPort}";
                return null;
            }
        }

        var result = new List<string>();
        for (var p = start; p <= end; p++)
        {
            result.Add(string.Create(CultureInfo.InvariantCulture, $"{p}/{proto}"));
        }

        return result;
    }

    private static bool TryRange(string value, out int start, out int end)
    {
        start = end = 0;
        var dash = value.Split('-');
        if (dash.Length == 1)
        {
            return TryPort(value, out start) && (end = start) >= 0;
        }

        return dash.Length == 2 && TryPort(dash[0], out start) && TryPort(dash[1], out end) && end >= start;
    }

    private static bool TryPort(string value, out int port)
    {
        port = 0;
        if (value.Length == 0 || !value.All(char.IsAsciiDigit))
        {
            return false;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= ushort.MaxValue;
    }
}
