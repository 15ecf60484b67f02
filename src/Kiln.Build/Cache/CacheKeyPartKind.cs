namespace Kiln.Build.Cache;

/// <summary>
/// What a <see cref="CacheKeyPart"/> stands for (DF-CACHE-LOCAL, DF-CACHE-ARGS, DF-CACHE-COPY-CONTENT). The kind is part
/// of the key's encoding (as the stable token in the comments) and chooses the wording of <c>--explain-cache</c>.
/// </summary>
public enum CacheKeyPartKind
{
    /// <summary>Anything else: workdir, user, network, mounts, flags (<c>workdir changed ("/a" -> "/b")</c>). Token <c>setting</c>.</summary>
    Setting,

    /// <summary>The expanded instruction itself: argv or shell text, COPY destination (<c>instruction changed</c>). Token <c>instruction</c>.</summary>
    Instruction,

    /// <summary>The key of the step this one builds on (<c>parent step changed</c>); added with <see cref="CacheKeyBuilder.AddParent"/>. Token <c>parent</c>.</summary>
    Parent,

    /// <summary>The resolved base image of a FROM (<c>base image changed from sha256:aa… to sha256:bb…</c>). Token <c>base-image</c>.</summary>
    BaseImage,

    /// <summary>The target platform (<c>platform changed ("linux/amd64" -> "linux/arm64")</c>). Token <c>platform</c>.</summary>
    Platform,

    /// <summary>A build ARG value in effect for the step (<c>build arg VERSION changed ("1" -> "2")</c>). Token <c>build-arg</c>.</summary>
    BuildArg,

    /// <summary>An environment variable (<c>env PATH changed (…)</c>). Token <c>env</c>.</summary>
    Environment,

    /// <summary>Per-file content digests of a source (<c>file app/main.go changed</c>); added with <see cref="CacheKeyBuilder.AddFiles"/>. Token <c>files</c>.</summary>
    Files,
}
