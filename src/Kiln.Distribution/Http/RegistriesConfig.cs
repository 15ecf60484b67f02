using System.Text.Json;

namespace Kiln.Distribution.Http;

/// <summary>
/// Reads the optional registries config file into <see cref="RegistryHosts"/>: <c>$KILN_REGISTRIES_CONFIG</c>, else
/// <c>$XDG_CONFIG_HOME/kiln/registries.json</c>, else <c>~/.config/kiln/registries.json</c> (docs/registries.md).
/// </summary>
public static class RegistriesConfig
{
    /// <summary>The config file path for an environment (it need not exist).</summary>
    public static string? PathFor(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment("KILN_REGISTRIES_CONFIG") is { Length: > 0 } explicitPath)
        {
            return explicitPath;
        }

        if (environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg)
        {
            return Path.Combine(xdg, "kiln", "registries.json");
        }

        return environment("HOME") is { Length: > 0 } home ? Path.Combine(home, ".config", "kiln", "registries.json") : null;
    }

    /// <summary>Loads the hosts policy from the config file when there is one, else the defaults.</summary>
    /// <exception cref="InvalidDataException">The file is not valid JSON of the documented shape.</exception>
    public static async Task<RegistryHosts> LoadAsync(Func<string, string?> environment, CancellationToken cancellationToken = default)
    {
        var path = PathFor(environment);
        if (path is null || !File.Exists(path))
        {
            return new RegistryHosts();
        }

        RegistriesConfigFile? file;
        try
        {
            await using var stream = File.OpenRead(path);
            file = await JsonSerializer.DeserializeAsync(stream, DistributionJsonContext.Default.RegistriesConfigFile, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a valid registries config ({e.Message}); see docs/registries.md", e);
        }

        return Apply(new RegistryHosts(), file);
    }

    internal static RegistryHosts Apply(RegistryHosts hosts, RegistriesConfigFile? file) => file is null ? hosts : hosts with
    {
        InsecureHosts = new HashSet<string>(file.InsecureRegistries ?? [], StringComparer.OrdinalIgnoreCase),
        PlainHttpHosts = new HashSet<string>(file.PlainHttpRegistries ?? [], StringComparer.OrdinalIgnoreCase),
        CertRoots = file.CertDirectories is { Count: > 0 } roots ? roots : hosts.CertRoots,
        LoopbackHttpFallback = file.LoopbackHttpFallback ?? hosts.LoopbackHttpFallback,
    };
}
