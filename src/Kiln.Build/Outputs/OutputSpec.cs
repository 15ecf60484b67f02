using System.Text;
using Kiln.Oci;

namespace Kiln.Build.Outputs;

/// <summary>
/// One <c>-o/--output</c> of <c>kiln build</c> (CLI-OUTPUT, CLI-OUTPUT-LOCAL/TAR/OCI/DOCKER/IMAGE/REGISTRY), parsed with
/// buildx's syntax by <see cref="Parse"/>: a bare path (local directory), <c>-</c> (filesystem tar on stdout), or
/// <c>type=TYPE[,key=value…]</c>. The typed properties are the attributes Kiln understands; <see cref="Attributes"/> keeps
/// every attribute as written (keys lower-cased), unknown ones included, as buildx passes them on to BuildKit.
/// </summary>
public sealed partial record OutputSpec
{
    /// <summary>The stdout destination (<c>dest=-</c>, or <c>-o -</c>).</summary>
    public const string StandardOutput = "-";

    /// <summary>The exporter.</summary>
    public required OutputType Type { get; init; }

    /// <summary><c>dest=</c>: a file or directory path, <see cref="StandardOutput"/>, or null when not given.</summary>
    public string? Destination { get; init; }

    /// <summary><c>name=</c> (comma-separated): the image names; <c>-t</c> tags replace them, as in buildx.</summary>
    public IReadOnlyList<ImageReference> Names { get; init; } = [];

    /// <summary><c>push=true</c> (or <c>type=registry</c>, <c>--push</c>).</summary>
    public bool Push { get; init; }

    /// <summary><c>tar=</c> of <c>type=oci</c>/<c>type=docker</c>: false writes an image layout directory instead of a tarball.</summary>
    public bool Tar { get; init; } = true;

    /// <summary><c>compression=</c>: how the engine compresses the layers it creates; null for its default.</summary>
    public OutputCompression? Compression { get; init; }

    /// <summary><c>compression-level=</c>.</summary>
    public int? CompressionLevel { get; init; }

    /// <summary><c>force-compression=</c>: recompress base-image layers too.</summary>
    public bool ForceCompression { get; init; }

    /// <summary><c>oci-mediatypes=</c>: null when not given (the engine's default).</summary>
    public bool? OciMediaTypes { get; init; }

    /// <summary><c>rewrite-timestamp=</c>: clamp file mtimes in the layers to <c>SOURCE_DATE_EPOCH</c>.</summary>
    public bool RewriteTimestamp { get; init; }

    /// <summary><c>mode=</c> of <c>type=local</c>.</summary>
    public LocalOutputMode Mode { get; init; } = LocalOutputMode.Copy;

    /// <summary>Every attribute except <c>type</c> and <c>dest</c>, as written (keys trimmed and lower-cased).</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    /// <summary>True when the output goes to stdout (<c>dest=-</c>; <c>type=tar</c>/<c>type=oci</c> without <c>dest</c> too).</summary>
    public bool WritesToStandardOutput =>
        Destination == StandardOutput || (Destination is null && (Type == OutputType.Tar || (Type == OutputType.Oci && Tar)));

    /// <summary>The output used when neither <c>-o</c>, <c>--push</c> nor <c>--load</c> is given: the image in Kiln's store.</summary>
    public static OutputSpec ForDefault() => new() { Type = OutputType.Image };

    /// <summary><c>--push</c>: <c>type=image,push=true</c> (buildx's <c>type=registry</c>).</summary>
    public static OutputSpec ForPush() =>
        new() { Type = OutputType.Image, Push = true, Attributes = new Dictionary<string, string> { ["push"] = "true" } };

    /// <summary><c>--load</c>: <c>type=docker</c> without a destination, which loads the image into Kiln's store.</summary>
    public static OutputSpec ForLoad() => new() { Type = OutputType.Docker };

    /// <summary>The canonical <c>-o</c> form, as buildx prints an export entry: <c>type</c>, <c>dest</c>, then the attributes sorted.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        Append(text, "type", TypeName(Type));
        if (Destination is not null)
        {
            Append(text, "dest", Destination);
        }

        foreach (var (key, value) in Attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            Append(text, key, value);
        }

        return text.ToString();
    }

    /// <summary>The name of <paramref name="type"/> as written in <c>type=</c>.</summary>
    public static string TypeName(OutputType type) => type switch
    {
        OutputType.Local => "local",
        OutputType.Tar => "tar",
        OutputType.Oci => "oci",
        OutputType.Docker => "docker",
        OutputType.Image => "image",
        OutputType.CacheOnly => "cacheonly",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown output type"),
    };

    private static void Append(StringBuilder text, string key, string value)
    {
        if (text.Length > 0)
        {
            text.Append(',');
        }

        var field = key + "=" + value;
        if (field.Contains(',', StringComparison.Ordinal) || field.Contains('"', StringComparison.Ordinal) || field.StartsWith('"'))
        {
            text.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }
        else
        {
            text.Append(field);
        }
    }
}
