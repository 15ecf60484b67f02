using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kiln.Distribution.Http;

namespace Kiln.Distribution.Auth;

/// <summary>
/// Credentials from docker's client config (<c>$DOCKER_CONFIG/config.json</c>, else <c>~/.docker/config.json</c>):
/// <c>credHelpers</c> per registry, else <c>credsStore</c>, run through <see cref="CredentialHelperProcess"/>; then
/// <c>auths</c> entries (base64 <c>auth</c> = <c>user:password</c>, or <c>username</c>/<c>password</c>, <c>identitytoken</c>).
/// Docker Hub's key is <c>https://index.docker.io/v1/</c>. <see cref="StoreAsync"/> and <see cref="EraseAsync"/> (login,
/// logout) rewrite the file atomically with mode 0600 and keep every field they do not own.
/// </summary>
public sealed class DockerConfigCredentialProvider(Func<string, string?> environment) : ICredentialProvider
{
    /// <summary>The config file path: <c>$DOCKER_CONFIG/config.json</c>, else <c>$HOME/.docker/config.json</c>.</summary>
    public string ConfigPath
    {
        get
        {
            if (environment("DOCKER_CONFIG") is { Length: > 0 } directory)
            {
                return Path.Combine(directory, "config.json");
            }

            var home = environment("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return Path.Combine(home, ".docker", "config.json");
        }
    }

    public async Task<RegistryCredential?> GetAsync(string registry, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(registry);
        var config = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var key = RegistryHosts.CredentialKey(registry);
        if (HelperFor(config, key) is { } helper)
        {
            var fromHelper = await new CredentialHelperProcess(helper, environment).GetAsync(key, cancellationToken).ConfigureAwait(false);
            if (fromHelper is not null)
            {
                return fromHelper;
            }
        }

        return FindAuth(config, key) is { } entry ? Decode(entry, key, ConfigPath) : null;
    }

    /// <summary>Saves <paramref name="credential"/> for <paramref name="registry"/>: in its credential helper when one is configured, else in <c>auths</c>.</summary>
    /// <returns>Where it went: the helper program, or the config file path.</returns>
    public async Task<string> StoreAsync(string registry, RegistryCredential credential, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var config = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var key = RegistryHosts.CredentialKey(registry);
        var auths = config["auths"] as JsonObject ?? [];
        config["auths"] = auths;
        string where;
        if (HelperFor(config, key) is { } helper)
        {
            var process = new CredentialHelperProcess(helper, environment);
            await process.StoreAsync(key, credential, cancellationToken).ConfigureAwait(false);

            // Docker leaves an empty entry so `docker login` state shows the registry.
            auths[key] = new JsonObject();
            where = process.Program;
        }
        else
        {
            var entry = new JsonObject();
            if (credential.IdentityToken is { Length: > 0 } token)
            {
                entry["identitytoken"] = token;
                if (credential.Username is { Length: > 0 } user)
                {
                    entry["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":"));
                }
            }
            else
            {
                entry["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes((credential.Username ?? string.Empty) + ":" + (credential.Password ?? string.Empty)));
            }

            auths[key] = entry;
            where = ConfigPath;
        }

        await WriteAsync(config, cancellationToken).ConfigureAwait(false);
        return where;
    }

    /// <summary>Removes the credentials for <paramref name="registry"/> (helper and <c>auths</c>); false when there were none.</summary>
    public async Task<bool> EraseAsync(string registry, CancellationToken cancellationToken = default)
    {
        var config = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var key = RegistryHosts.CredentialKey(registry);
        var removed = false;
        if (HelperFor(config, key) is { } helper)
        {
            var process = new CredentialHelperProcess(helper, environment);
            removed = await process.GetAsync(key, cancellationToken).ConfigureAwait(false) is not null;
            await process.EraseAsync(key, cancellationToken).ConfigureAwait(false);
        }

        if (config["auths"] is JsonObject auths)
        {
            foreach (var name in auths.Select(p => p.Key).Where(k => Normalize(k) == Normalize(key)).ToList())
            {
                removed |= auths.Remove(name);
            }
        }

        if (removed)
        {
            await WriteAsync(config, cancellationToken).ConfigureAwait(false);
        }

        return removed;
    }

    /// <summary><c>https://host:port/v1/</c> and <c>host:port</c> name the same registry.</summary>
    internal static string Normalize(string key)
    {
        var text = key;
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            text = text[(scheme + 3)..];
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            text = text[..slash];
        }

        text = text.ToLowerInvariant();
        return text is "index.docker.io" or "registry-1.docker.io" or "docker.io" ? "docker.io" : text;
    }

    private static string? HelperFor(JsonObject config, string key)
    {
        if (config["credHelpers"] is JsonObject helpers)
        {
            foreach (var (name, value) in helpers)
            {
                if (Normalize(name) == Normalize(key) && value is JsonValue v && v.TryGetValue<string>(out var helper) && helper.Length > 0)
                {
                    return helper;
                }
            }
        }

        return config["credsStore"] is JsonValue store && store.TryGetValue<string>(out var storeName) && storeName.Length > 0 ? storeName : null;
    }

    private static JsonObject? FindAuth(JsonObject config, string key)
    {
        if (config["auths"] is not JsonObject auths)
        {
            return null;
        }

        if (auths[key] is JsonObject exact)
        {
            return exact;
        }

        return auths.Where(p => Normalize(p.Key) == Normalize(key)).Select(p => p.Value).OfType<JsonObject>().FirstOrDefault();
    }

    private static RegistryCredential? Decode(JsonObject entry, string key, string path)
    {
        string? Text(string name) => entry[name] is JsonValue value && value.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

        string? user = Text("username");
        string? password = Text("password");
        if (Text("auth") is { } auth)
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
            }
            catch (FormatException)
            {
                throw new InvalidDataException($"{path}: the \"auth\" of {key} is not base64; run `kiln login` again");
            }

            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                throw new InvalidDataException($"{path}: the \"auth\" of {key} is not user:password; run `kiln login` again");
            }

            user = decoded[..colon];
            password = decoded[(colon + 1)..];
        }

        var credential = new RegistryCredential(user, string.IsNullOrEmpty(password) ? null : password, Text("identitytoken"));
        return credential.IsEmpty ? null : credential;
    }

    private async Task<JsonObject> ReadAsync(CancellationToken cancellationToken)
    {
        var path = ConfigPath;
        if (!File.Exists(path))
        {
            return [];
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        if (bytes.Length == 0)
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }) as JsonObject
                ?? throw new InvalidDataException($"{path}: not a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message}); fix or remove it", e);
        }
    }

    /// <summary>Writes next to the config and renames over it, so readers see the old or the new file; mode 0600 from creation.</summary>
    private async Task WriteAsync(JsonObject config, CancellationToken cancellationToken)
    {
        var path = ConfigPath;
        var directory = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var temp = Path.Combine(directory, ".config.json.kiln-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
            };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            await using (var file = new FileStream(temp, options))
            {
                await using (var writer = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true }))
                {
                    config.WriteTo(writer);
                }

                await file.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
