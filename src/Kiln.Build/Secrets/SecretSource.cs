using Kiln.Build.Outputs;

namespace Kiln.Build.Secrets;

/// <summary>
/// One <c>--secret</c> of a build (DF-RUN-MOUNT-SECRET, buildx's syntax): <c>id=NAME,src=FILE</c> (also <c>source=</c>,
/// <c>type=file</c>) or <c>id=NAME,env=VAR</c> (<c>type=env</c>); with neither, the environment variable named like the id
/// when it is set, else the file named like it. The value is read only when a RUN mounts it and never enters a key, a
/// layer, the history or a log.
/// </summary>
public sealed record SecretSource(string Id, string? File, string? EnvironmentVariable)
{
    /// <summary>Parses a <c>--secret</c> value; <paramref name="environment"/> decides the default for a bare id.</summary>
    /// <exception cref="FormatException">The value is malformed (the message says how to write it).</exception>
    public static SecretSource Parse(string value, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(environment);
        if (!CsvLine.TrySplit(value, out var fields, out var error))
        {
            throw new FormatException($"--secret {value}: {error}");
        }

        string? id = null, file = null, env = null, type = null;
        foreach (var field in fields)
        {
            var pair = field.Split('=', 2);
            var key = pair[0].Trim().ToLowerInvariant();
            var text = pair.Length == 2 ? pair[1] : throw new FormatException($"--secret {value}: \"{field}\" is not key=value; use id=NAME,src=FILE or id=NAME,env=VAR");
            switch (key)
            {
                case "id": id = text; break;
                case "src" or "source": file = text; break;
                case "env": env = text; break;
                case "type": type = text; break;
                default: throw new FormatException($"--secret {value}: unknown key \"{pair[0]}\"; use id, src, env or type");
            }
        }

        if (string.IsNullOrEmpty(id))
        {
            throw new FormatException($"--secret {value}: an id is required (id=NAME)");
        }

        switch (type)
        {
            case null:
                break;
            case "file":
                file ??= env ?? id;
                env = null;
                break;
            case "env":
                env ??= file ?? id;
                file = null;
                break;
            default:
                throw new FormatException($"--secret {value}: type must be file or env");
        }

        if (file is null && env is null)
        {
            if (environment(id) is not null)
            {
                env = id;
            }
            else
            {
                file = id;
            }
        }

        return new SecretSource(id, file is null ? null : Path.GetFullPath(file), env);
    }

    /// <summary>The secret's bytes, or null when its file or variable does not exist.</summary>
    public byte[]? Read(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (EnvironmentVariable is { } name)
        {
            return environment(name) is { } text ? System.Text.Encoding.UTF8.GetBytes(text) : null;
        }

        try
        {
            return System.IO.File.ReadAllBytes(File!);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
