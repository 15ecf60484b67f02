using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text.Json.Serialization;

namespace Kiln.Oci;

/// <summary>
/// The platform an image runs on: OS, CPU architecture and variant (OCI image-spec v1.1
/// image-index.md "platform", config.md). Parsing, formatting and normalisation follow containerd's
/// platform specifiers (<c>os/arch[/variant]</c>); features DF-FROM-PLATFORM, CLI-PLATFORM,
/// DF-PARG-TARGETPLATFORM. Record equality is exact; use <see cref="Matches"/> for normalised equality.
/// </summary>
public sealed record Platform
{
    /// <summary>Creates a platform as given (not normalised; see <see cref="Normalize"/>).</summary>
    [JsonConstructor]
    public Platform(string os, string architecture, string? variant = null)
    {
        ArgumentNullException.ThrowIfNull(os);
        ArgumentNullException.ThrowIfNull(architecture);
        OS = os;
        Architecture = architecture;
        Variant = variant;
    }

    /// <summary>CPU architecture in Go's GOARCH vocabulary (<c>amd64</c>, <c>arm64</c>, <c>arm</c>, <c>386</c>, ...).</summary>
    [JsonPropertyName("architecture")]
    [JsonPropertyOrder(0)]
    public string Architecture { get; init; }

    /// <summary>Operating system in Go's GOOS vocabulary (<c>linux</c>, <c>windows</c>, ...).</summary>
    [JsonPropertyName("os")]
    [JsonPropertyOrder(1)]
    public string OS { get; init; }

    /// <summary>OS version (Windows images); null when absent.</summary>
    [JsonPropertyName("os.version")]
    [JsonPropertyOrder(2)]
    public string? OSVersion { get; init => field = OmitEmpty.String(value); }

    /// <summary>Required OS features (Windows <c>win32k</c>); null when absent.</summary>
    [JsonPropertyName("os.features")]
    [JsonPropertyOrder(3)]
    public IReadOnlyList<string>? OSFeatures { get; init => field = OmitEmpty.List(value); }

    /// <summary>CPU variant (<c>v7</c> for ARMv7, <c>v8</c>, <c>v2</c> for amd64 micro-architecture levels); null when absent.</summary>
    [JsonPropertyName("variant")]
    [JsonPropertyOrder(4)]
    public string? Variant { get; init => field = OmitEmpty.String(value); }

    /// <summary>Parses <c>os/arch[/variant]</c> (or a bare architecture, meaning Linux) and normalises it.</summary>
    /// <exception cref="InvalidPlatformException">The specifier is malformed.</exception>
    public static Platform Parse(string specifier)
    {
        ArgumentNullException.ThrowIfNull(specifier);
        return TryParse(specifier, out var platform, out var error)
            ? platform
            : throw new InvalidPlatformException(error, specifier);
    }

    /// <summary>Parses a platform specifier, returning false instead of throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? specifier, [NotNullWhen(true)] out Platform? platform) =>
        TryParse(specifier, out platform, out _);

    /// <summary>Parses a comma-separated list (<c>--platform linux/amd64,linux/arm64</c>), dropping duplicates after normalisation.</summary>
    public static IReadOnlyList<Platform> ParseList(string specifiers)
    {
        ArgumentNullException.ThrowIfNull(specifiers);
        var result = new List<Platform>();
        foreach (var part in specifiers.Split(',', StringSplitOptions.TrimEntries))
        {
            var platform = Parse(part);
            if (!result.Contains(platform))
            {
                result.Add(platform);
            }
        }

        return result;
    }

    /// <summary>
    /// The platform of the machine running Kiln, from <see cref="RuntimeInformation"/>
    /// (CPU variant detection from /proc/cpuinfo is not attempted: arm is reported as v7).
    /// </summary>
    public static Platform Host()
    {
        var os = OperatingSystem.IsLinux() ? "linux"
            : OperatingSystem.IsWindows() ? "windows"
            : OperatingSystem.IsMacOS() ? "darwin"
            : OperatingSystem.IsFreeBSD() ? "freebsd"
            : RuntimeInformation.OSDescription.Split(' ')[0].ToLowerInvariant();
        var (architecture, variant) = RuntimeInformation.OSArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.X64 => ("amd64", null),
            System.Runtime.InteropServices.Architecture.X86 => ("386", null),
            System.Runtime.InteropServices.Architecture.Arm64 => ("arm64", null),
            System.Runtime.InteropServices.Architecture.Arm => ("arm", "v7"),
            System.Runtime.InteropServices.Architecture.Armv6 => ("arm", "v6"),
            System.Runtime.InteropServices.Architecture.S390x => ("s390x", null),
            System.Runtime.InteropServices.Architecture.Ppc64le => ("ppc64le", null),
            System.Runtime.InteropServices.Architecture.LoongArch64 => ("loong64", null),
            System.Runtime.InteropServices.Architecture.RiscV64 => ("riscv64", null),
            System.Runtime.InteropServices.Architecture.Wasm => ("wasm", (string?)null),
            var other => (other.ToString().ToLowerInvariant(), null),
        };
        return new Platform(os, architecture, variant).Normalize();
    }

    /// <summary>
    /// containerd's normalisation: OS lower-cased (<c>macos</c> → <c>darwin</c>); <c>x86_64</c>/<c>x86-64</c> → <c>amd64</c>
    /// (variant <c>v1</c> dropped); <c>i386</c>/<c>i686</c> → <c>386</c>; <c>aarch64</c> → <c>arm64</c> with variant
    /// <c>v8</c>/<c>8</c> dropped (the default); <c>armhf</c> → <c>arm/v7</c>; <c>armel</c> → <c>arm/v6</c>;
    /// <c>arm</c> without variant → <c>v7</c>, bare numbers <c>5</c>/<c>6</c>/<c>7</c>/<c>8</c> get a <c>v</c> prefix.
    /// </summary>
    public Platform Normalize()
    {
        var os = OS.ToLowerInvariant();
        if (os == "macos")
        {
            os = "darwin";
        }

        var architecture = Architecture.ToLowerInvariant();
        var variant = Variant?.ToLowerInvariant() ?? string.Empty;
        switch (architecture)
        {
            case "i386":
            case "i686":
                architecture = "386";
                variant = string.Empty;
                break;
            case "x86_64":
            case "x86-64":
            case "amd64":
                architecture = "amd64";
                if (variant == "v1")
                {
                    variant = string.Empty;
                }

                break;
            case "aarch64":
            case "arm64":
                architecture = "arm64";
                if (variant is "8" or "v8")
                {
                    variant = string.Empty;
                }

                break;
            case "armhf":
                architecture = "arm";
                variant = "v7";
                break;
            case "armel":
                architecture = "arm";
                variant = "v6";
                break;
            case "arm":
                variant = variant switch
                {
                    "" or "7" => "v7",
                    "5" or "6" or "8" => "v" + variant,
                    _ => variant,
                };
                break;
        }

        return this with { OS = os, Architecture = architecture, Variant = variant };
    }

    /// <summary>True when both platforms are the same after normalisation (so <c>linux/arm64</c> matches <c>linux/arm64/v8</c>).
    /// OS versions are compared only when both are given.</summary>
    public bool Matches(Platform other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var a = Normalize();
        var b = other.Normalize();
        return a.OS == b.OS
            && a.Architecture == b.Architecture
            && string.Equals(a.Variant, b.Variant, StringComparison.Ordinal)
            && (a.OSVersion is null || b.OSVersion is null || a.OSVersion == b.OSVersion);
    }

    /// <summary>
    /// True when a machine of this platform can run an image built for <paramref name="image"/>
    /// (containerd's <c>platforms.Only</c>): <c>amd64</c> also runs <c>386</c> and lower amd64 levels;
    /// <c>arm/vN</c> runs <c>arm/v5</c>..<c>arm/vN</c>; <c>arm64</c> (v8) also runs <c>arm/v8</c>..<c>arm/v5</c>.
    /// </summary>
    public bool CanRun(Platform image)
    {
        ArgumentNullException.ThrowIfNull(image);
        foreach (var candidate in CompatiblePlatforms())
        {
            if (candidate.Matches(image))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The platforms a machine of this platform runs, most preferred first (this platform first).</summary>
    public IReadOnlyList<Platform> CompatiblePlatforms()
    {
        var self = Normalize();
        var result = new List<Platform> { self };
        switch (self.Architecture)
        {
            case "amd64":
                if (TryVersion(self.Variant, out var level))
                {
                    for (level--; level >= 1; level--)
                    {
                        result.Add(self with { Variant = level == 1 ? null : "v" + level });
                    }
                }

                result.Add(self with { Architecture = "386", Variant = null });
                break;
            case "arm":
                if (TryVersion(self.Variant, out var arm))
                {
                    AddArm(result, self, arm - 1);
                }

                break;
            case "arm64":
                var (major, minor) = ArmVersion(self.Variant ?? "v8");
                if (major == 9)
                {
                    for (var m = minor - 1; m >= 0; m--)
                    {
                        result.Add(self with { Variant = m == 0 ? "v9" : "v9." + m });
                    }

                    // ARMv9.0 diverged from ARMv8.5, so v9.x also runs v8.(x+5) and below.
                    minor += 5;
                    result.Add(self with { Variant = "v8." + minor });
                }

                if (major is 8 or 9)
                {
                    for (var m = minor - 1; m >= 0; m--)
                    {
                        result.Add(self with { Variant = m == 0 ? null : "v8." + m });
                    }

                    AddArm(result, self with { Architecture = "arm" }, 8);
                }

                break;
        }

        return result;

        static void AddArm(List<Platform> result, Platform platform, int highest)
        {
            for (var v = highest; v >= 5; v--)
            {
                result.Add(platform with { Architecture = "arm", Variant = "v" + v });
            }
        }

        static bool TryVersion(string? variant, out int version)
        {
            version = 0;
            return variant is { Length: > 1 } && variant[0] == 'v' && int.TryParse(variant.AsSpan(1), out version);
        }

        static (int Major, int Minor) ArmVersion(string variant)
        {
            var dot = variant.IndexOf('.', StringComparison.Ordinal);
            var majorText = dot < 0 ? variant : variant[..dot];
            if (!TryVersion(majorText, out var major))
            {
                return (0, 0);
            }

            return dot >= 0 && int.TryParse(variant.AsSpan(dot + 1), out var minor) ? (major, minor) : (major, 0);
        }
    }

    /// <summary><c>os/arch</c> or <c>os/arch/variant</c>.</summary>
    public override string ToString() =>
        Variant is null ? $"{OS}/{Architecture}" : $"{OS}/{Architecture}/{Variant}";

    /// <summary>Exact equality, comparing <see cref="OSFeatures"/> element by element.</summary>
    public bool Equals(Platform? other) =>
        other is not null
        && OS == other.OS
        && Architecture == other.Architecture
        && Variant == other.Variant
        && OSVersion == other.OSVersion
        && (OSFeatures ?? []).SequenceEqual(other.OSFeatures ?? []);

    public override int GetHashCode() => HashCode.Combine(OS, Architecture, Variant, OSVersion);

    private static bool TryParse(string? specifier, [NotNullWhen(true)] out Platform? platform, out string error)
    {
        platform = null;
        const string Expected = "expected os/arch[/variant], e.g. linux/amd64, linux/arm64 or linux/arm/v7";
        if (string.IsNullOrWhiteSpace(specifier))
        {
            error = $"invalid platform \"{specifier}\": {Expected}";
            return false;
        }

        var parts = specifier.Trim().Split('/');
        foreach (var part in parts)
        {
            if (part.Length == 0 || !part.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                error = $"invalid platform \"{specifier}\": components may only contain letters, digits, '_', '.' and '-' and must not be empty; {Expected}";
                return false;
            }
        }

        switch (parts.Length)
        {
            case 1 when IsKnownArchitecture(parts[0].ToLowerInvariant()):
                platform = new Platform("linux", parts[0]).Normalize();
                break;
            case 2:
                platform = new Platform(parts[0], parts[1]).Normalize();
                break;
            case 3:
                platform = new Platform(parts[0], parts[1], parts[2]).Normalize();
                break;
            default:
                error = $"invalid platform \"{specifier}\": {Expected}";
                return false;
        }

        error = string.Empty;
        return true;
    }

    private static bool IsKnownArchitecture(string architecture) => architecture is
        "386" or "amd64" or "arm" or "arm64" or "ppc64" or "ppc64le" or "loong64" or "mips" or "mipsle"
        or "mips64" or "mips64le" or "riscv64" or "s390x" or "wasm" or "x86_64" or "x86-64" or "aarch64"
        or "armhf" or "armel" or "i386" or "i686";
}
