using System.Globalization;
using System.Text;
using System.Text.Json;
using Kiln.Oci;

namespace Kiln.Build.Cache;

/// <summary><c>--explain-cache</c> support: the last key parts seen per step identity and how the current ones differ.</summary>
public sealed partial class BuildCache
{
    /// <summary>
    /// Keeps <paramref name="parts"/> as the last seen for <paramref name="stepIdentity"/> (an opaque string the engine
    /// builds, e.g. Dockerfile path + stage + step index + instruction keyword), replacing what was kept before.
    /// A small <c>.key</c> file beside the document holds a digest of the parts, so that a rebuild with the same
    /// parts only refreshes the document's time instead of writing (for a large context, megabytes of) JSON again.
    /// The documents only explain cache misses, so they are written atomically but not fsynced.
    /// </summary>
    public async Task RememberAsync(string stepIdentity, IReadOnlyList<CacheKeyPart> parts, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stepIdentity);
        ArgumentNullException.ThrowIfNull(parts);
        var path = StepPath(stepIdentity);
        var keyPath = Path.ChangeExtension(path, ".key");
        var partsDigest = PartsDigest(parts).ToString();
        if (await IsRememberedAsync(path, keyPath, partsDigest, cancellationToken).ConfigureAwait(false) && TryTouch(path, _time.GetUtcNow()))
        {
            return;
        }

        var document = new CacheStepDocument(
            CacheKeyBuilder.Schema,
            stepIdentity,
            parts.Select(p => new CacheKeyPartDocument(p.Name, CacheKeyBuilder.KindToken(p.Kind), p.Value, p.Digest, p.Files)).ToList());
        var bytes = JsonSerializer.SerializeToUtf8Bytes(document, CacheJsonContext.Default.CacheStepDocument);
        await WriteAtomicallyAsync(path, bytes, durable: false, cancellationToken).ConfigureAwait(false);
        TrySetLastUse(path, _time.GetUtcNow());
        var key = Encoding.ASCII.GetBytes(partsDigest + " " + bytes.Length.ToString(CultureInfo.InvariantCulture));
        await WriteAtomicallyAsync(keyPath, key, durable: false, cancellationToken).ConfigureAwait(false);
    }

    // Every part's kind, name and value or digest (a files part's digest covers its whole file list).
    private static Digest PartsDigest(IReadOnlyList<CacheKeyPart> parts)
    {
        using var encoder = new CanonicalEncoder();
        encoder.WriteString(CacheKeyBuilder.Schema + "/remembered-parts");
        encoder.WriteCount(parts.Count);
        foreach (var part in parts)
        {
            encoder.WriteString(CacheKeyBuilder.KindToken(part.Kind));
            encoder.WriteString(part.Name);
            encoder.WriteString(part.Value ?? string.Empty);
            encoder.WriteString(part.Digest?.ToString() ?? string.Empty);
        }

        return encoder.Finish();
    }

    // The .key file reads "<parts digest> <document length>": the document is taken as current when the digest
    // matches and the document is still there with that length (a truncated or hand-edited one is rewritten).
    private static async Task<bool> IsRememberedAsync(string path, string keyPath, string partsDigest, CancellationToken cancellationToken)
    {
        try
        {
            var key = await File.ReadAllTextAsync(keyPath, cancellationToken).ConfigureAwait(false);
            return key.StartsWith(partsDigest + " ", StringComparison.Ordinal)
                && long.TryParse(key.AsSpan(partsDigest.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                && new FileInfo(path) is { Exists: true } document && document.Length == length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // Refreshes the document's time (a pruning hint); false when it is gone, so the caller writes it again.
    private static bool TryTouch(string path, DateTimeOffset time)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, time.UtcDateTime);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Human lines saying how <paramref name="parts"/> differ from the parts remembered for <paramref name="stepIdentity"/>:
    /// <c>parent step changed</c>, <c>base image changed from sha256:aa… to sha256:bb…</c>,
    /// <c>build arg VERSION changed ("1" -> "2")</c>, <c>file app/main.go changed</c>, <c>file x added</c>,
    /// <c>file y removed</c> (at most ten file lines per file set, then <c>and N more</c>), <c>instruction changed</c>,
    /// or <c>no earlier build of this step</c> when nothing (readable) was remembered.
    /// </summary>
    public async Task<IReadOnlyList<string>> ExplainAsync(string stepIdentity, IReadOnlyList<CacheKeyPart> parts, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stepIdentity);
        ArgumentNullException.ThrowIfNull(parts);
        var previous = await ReadStepAsync(stepIdentity, cancellationToken).ConfigureAwait(false);
        return CacheExplainer.Explain(previous, parts);
    }

    private string StepPath(string stepIdentity)
    {
        var hex = Digest.Compute(Encoding.UTF8.GetBytes(stepIdentity)).Encoded;
        return Path.Combine(StepsDirectory, hex[..2], hex + ".json");
    }

    private async Task<IReadOnlyList<CacheKeyPart>?> ReadStepAsync(string stepIdentity, CancellationToken cancellationToken)
    {
        var path = StepPath(stepIdentity);
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        CacheStepDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(bytes, CacheJsonContext.Default.CacheStepDocument);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or NotSupportedException)
        {
            _ = TryDelete(path);
            return null;
        }

        if (document?.Parts is null || document.Schema != CacheKeyBuilder.Schema || document.Identity != stepIdentity)
        {
            return null;
        }

        var parts = new List<CacheKeyPart>(document.Parts.Count);
        foreach (var part in document.Parts)
        {
            if (part?.Name is null || KindFromToken(part.Kind) is not { } kind)
            {
                return null;
            }

            parts.Add(new CacheKeyPart(part.Name, kind, part.Value, part.Digest, part.Files));
        }

        return parts;
    }

    private static CacheKeyPartKind? KindFromToken(string? token) => token switch
    {
        "setting" => CacheKeyPartKind.Setting,
        "instruction" => CacheKeyPartKind.Instruction,
        "parent" => CacheKeyPartKind.Parent,
        "base-image" => CacheKeyPartKind.BaseImage,
        "platform" => CacheKeyPartKind.Platform,
        "build-arg" => CacheKeyPartKind.BuildArg,
        "env" => CacheKeyPartKind.Environment,
        "files" => CacheKeyPartKind.Files,
        _ => null,
    };
}
