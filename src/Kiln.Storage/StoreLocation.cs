using Kiln.Storage.Errors;

namespace Kiln.Storage;

/// <summary>
/// Chooses the store root (issue 3 "Local store"): an explicit <c>--root</c> wins; otherwise <c>/var/lib/kiln</c>
/// for root and <c>$XDG_DATA_HOME/kiln</c> (falling back to <c>$HOME/.local/share/kiln</c>, per the XDG base
/// directory spec) for everyone else. A pure function of its inputs: the caller passes the environment in.
/// </summary>
public static class StoreLocation
{
    /// <summary>The system-wide store used when running as root.</summary>
    public const string SystemRoot = "/var/lib/kiln";

    /// <summary>
    /// Resolves the store root. <paramref name="getEnvironmentVariable"/> is consulted for <c>XDG_DATA_HOME</c> and
    /// <c>HOME</c>; a relative <c>XDG_DATA_HOME</c> is ignored, as the XDG spec requires.
    /// </summary>
    /// <exception cref="StoreConfigurationException">Not root, no usable <c>XDG_DATA_HOME</c> and no <c>HOME</c>.</exception>
    public static string Resolve(string? rootOverride, bool runningAsRoot, Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(rootOverride))
        {
            return Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootOverride));
        }

        if (runningAsRoot)
        {
            return SystemRoot;
        }

        var dataHome = getEnvironmentVariable("XDG_DATA_HOME");
        if (!string.IsNullOrEmpty(dataHome) && Path.IsPathRooted(dataHome))
        {
            return Path.Combine(Path.TrimEndingDirectorySeparator(dataHome), "kiln");
        }

        var home = getEnvironmentVariable("HOME");
        if (string.IsNullOrEmpty(home) || !Path.IsPathRooted(home))
        {
            throw new StoreConfigurationException(
                "cannot choose a store location: neither XDG_DATA_HOME nor HOME is set to an absolute path; pass --root <dir>");
        }

        return Path.Combine(Path.TrimEndingDirectorySeparator(home), ".local", "share", "kiln");
    }
}
