using System.Globalization;
using System.Text;
using Kiln.Build.Cache;
using Kiln.Build.Context;
using Kiln.Build.Operations.Files;
using Kiln.Build.Operations.Run;
using Kiln.Dockerfile.Instructions;
using Kiln.Dockerfile.Planning;
using Kiln.Runtime;
using Kiln.Runtime.Users;

namespace Kiln.Build.Engine;

/// <summary>
/// RUN (DF-RUN-*): the command runs through the OCI runtime in the step's writable snapshot, as the stage's user
/// (resolved in the image's own passwd/group) in its WORKDIR (created if missing), with the ENV and ARG environment the
/// frontend computed, and <c>--mount</c> bind, cache and tmpfs mounts. Its output streams to progress unclipped. The key
/// holds the parent, argv, environment (ARGs as build args), workdir, user, network, platform and mounts, never the
/// contents of cache mounts or proxy variables (DF-RUN-CACHE, DF-PARG-PROXY).
/// </summary>
internal sealed partial class StageRunner
{
    private const int FailureTailLines = 15;

    private async Task<PreparedStep> PrepareRunAsync(StagePlan plan, EvaluatedStep step, FsState fs, ReportedStep reported, CancellationToken cancellationToken)
    {
        var run = step.Run ?? throw new InvalidOperationException("a RUN step without its evaluated command");
        var key = new CacheKeyBuilder("run");
        key.AddParent(fs.Key);
        key.Add("argv", Encode(run.Argv), CacheKeyPartKind.Instruction);
        if (run.Script is { } script)
        {
            key.Add("script", script.Path + "\n" + script.Content, CacheKeyPartKind.Instruction);
        }

        var envNames = new HashSet<string>(step.Before.Env.Select(e => e.Split('=', 2)[0]), StringComparer.Ordinal);
        var argNames = new HashSet<string>(step.Before.Args.Where(a => a.Value is not null).Select(a => a.Name), StringComparer.Ordinal);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in run.Environment)
        {
            var pair = entry.Split('=', 2);
            environment[pair[0]] = pair.Length > 1 ? pair[1] : string.Empty;
        }

        foreach (var (name, value) in environment)
        {
            key.Add(name, value, argNames.Contains(name) && !envNames.Contains(name) ? CacheKeyPartKind.BuildArg : CacheKeyPartKind.Environment);
        }

        key.Add("workdir", run.WorkingDirectory);
        key.Add("user", run.User ?? string.Empty);
        key.Add("network", run.Network.ToString());
        key.Add("security", run.Security.ToString());
        key.Add("platform", plan.Platform.ToString(), CacheKeyPartKind.Platform);

        var mountPlans = new List<Func<string, List<IDisposable>, CancellationToken, Task<MountSetup>>>();
        for (var i = 0; i < run.Mounts.Count; i++)
        {
            mountPlans.Add(await PrepareMountAsync(run.Mounts[i], i, key, step, plan.Index, cancellationToken).ConfigureAwait(false));
        }

        if (run.Security == RunSecurity.Insecure)
        {
            throw Error(BuildErrorIds.RunUnavailable, "RUN --security=insecure needs the security.insecure entitlement, which Kiln does not grant", step, session.Plan.FilePath);
        }

        var network = run.Network == RunNetwork.None ? ContainerNetwork.None : ContainerNetwork.Host;
        var env = run.Environment.Concat(run.ProxyEnvironment.Select(p => p.Key + "=" + p.Value)).ToList();
        var hasSecrets = run.Mounts.Any(m => m.Mount is SecretMount);
        var failure = new System.Runtime.CompilerServices.StrongBox<Debugging.FailedStep?>();
        return new PreparedStep(key, false, async (root, _, ct) =>
        {
            var user = ResolveUser(run.User, root, step);
            ContainerUser.EnsureWorkingDirectory(root, run.WorkingDirectory, user);

            var stepDirectory = session.Workspace.NewDirectory("run");
            var mounts = new List<ContainerMount>(SandboxFiles.Write(stepDirectory));
            var resources = new List<IDisposable>();
            var processEnv = new List<string>(env);
            try
            {
                // Secrets, the bundle (its env) and the runtime's state (a copy of the spec) stay in memory, never on disk.
                var privateDirectory = hasSecrets ? PrivateTmpfs.Mount(Path.Combine(stepDirectory, "private"), resources) : stepDirectory;
                foreach (var mountPlan in mountPlans)
                {
                    var setup = await mountPlan(privateDirectory, resources, ct).ConfigureAwait(false);
                    if (setup.Mount is { } mount)
                    {
                        mounts.Add(mount);
                    }

                    if (setup.Environment is { } entry)
                    {
                        processEnv.RemoveAll(e => e.Split('=', 2)[0] == entry.Split('=', 2)[0]);
                        processEnv.Add(entry);
                    }
                }

                if (run.Script is { } inline)
                {
                    var file = Path.Combine(stepDirectory, "script");
                    await File.WriteAllTextAsync(file, inline.Content, new UTF8Encoding(false), ct).ConfigureAwait(false);
                    new Kiln.Linux.LinuxFileSystem().Chmod(file, (int)inline.Mode);
                    mounts.Add(ContainerMount.Bind(file, inline.Path));
                }

                var points = MountPoints.Record(root, DockerDefaults.Mounts.Concat(mounts).Select(m => m.Destination));
                var tail = new OutputTail(FailureTailLines);
                int exitCode;
                try
                {
                    exitCode = await session.CreateRuntime(Path.Combine(privateDirectory, "runc")).RunAsync(
                        new ContainerRequest
                        {
                            RootFs = root,
                            Args = run.Argv,
                            Env = processEnv,
                            Cwd = run.WorkingDirectory,
                            Uid = user.Uid,
                            Gid = user.Gid,
                            AdditionalGids = user.AdditionalGids,
                            Hostname = SandboxFiles.Hostname,
                            Network = network,
                            Mounts = mounts,
                        },
                        Path.Combine(privateDirectory, "bundle"),
                        (stream, data) =>
                        {
                            tail.Append(data.Span);
                            reported.Output(stream, data);
                        },
                        ct).ConfigureAwait(false);
                }
                catch (ContainerRuntimeException e)
                {
                    throw Error(BuildErrorIds.RunFailed, e.Message, step, session.Plan.FilePath);
                }
                finally
                {
                    points.RemoveCreated();
                }

                if (exitCode != 0)
                {
                    failure.Value = new Debugging.FailedStep
                    {
                        Name = string.Join(' ', run.Argv),
                        Lowers = [],
                        Argv = run.Argv,
                        Env = hasSecrets ? env : processEnv,
                        WorkingDirectory = run.WorkingDirectory,
                        Uid = user.Uid,
                        Gid = user.Gid,
                        AdditionalGids = user.AdditionalGids,
                        NoNetwork = network == ContainerNetwork.None,
                    };
                    var message = new StringBuilder().Append(CultureInfo.InvariantCulture, $"process \"{string.Join(' ', run.Argv)}\" did not complete successfully: exit code: {exitCode}");
                    var lines = tail.Lines();
                    if (lines.Count > 0)
                    {
                        message.Append(CultureInfo.InvariantCulture, $"\nlast {lines.Count} line(s) of output:");
                        foreach (var line in lines)
                        {
                            message.Append("\n  ").Append(line);
                        }
                    }

                    throw Error(BuildErrorIds.RunFailed, message.ToString(), step, session.Plan.FilePath);
                }
            }
            finally
            {
                for (var i = resources.Count - 1; i >= 0; i--)
                {
                    resources[i].Dispose();
                }
            }
        })
        {
            PruneCopiedUpDirectories = true,
            Failure = failure,
        };
    }

    private ExecUser ResolveUser(string? spec, string root, EvaluatedStep step)
    {
        try
        {
            return ContainerUser.Resolve(spec, root);
        }
        catch (UserNotFoundException e)
        {
            throw Error(BuildErrorIds.RunFailed, $"USER {spec}: {e.Message}; add the user to the image (or use a numeric uid:gid)", step, session.Plan.FilePath);
        }
    }

    /// <summary>Adds one <c>--mount</c> to the key and returns how to set it up for the run (DF-RUN-MOUNT-*).</summary>
    private async Task<Func<string, List<IDisposable>, CancellationToken, Task<MountSetup>>> PrepareMountAsync(
        RunMount runMount, int index, CacheKeyBuilder key, EvaluatedStep step, int stageIndex, CancellationToken cancellationToken)
    {
        var name = "mount " + index.ToString(CultureInfo.InvariantCulture);
        if (runMount.Mount is SecretMount secret)
        {
            return PrepareSecret(secret, name, key, step);
        }

        var target = runMount.Mount.Target ?? throw Error(BuildErrorIds.RunFailed, "a RUN --mount without a target", step, session.Plan.FilePath);
        switch (runMount.Mount)
        {
            case TmpfsMount tmpfs:
                key.Add(name, $"tmpfs target={target} size={tmpfs.Size}");
                var options = new List<string> { "nosuid", "nodev" };
                if (tmpfs.Size is { } size)
                {
                    options.Add("size=" + size.ToString(CultureInfo.InvariantCulture));
                }

                return (_, _, _) => Task.FromResult(new MountSetup(new ContainerMount(target, "tmpfs", "tmpfs", options), null));

            case BindMount bind:
            {
                var source = bind.Source ?? "/";
                string hostRoot;
                Func<string, bool>? visible = null;
                if (runMount.Source is { } from)
                {
                    var (root, sourceKey, keepAlive) = await OpenSourceRootAsync(from, step, cancellationToken).ConfigureAwait(false);
                    _keepAlive.Add(keepAlive);
                    key.Add(name, $"bind from={sourceKey} source={source} target={target} rw={!bind.ReadOnly}");
                    hostRoot = root;
                }
                else
                {
                    var context = session.Options.ContextDirectory ?? throw Error(BuildErrorIds.NoContext, "RUN --mount=type=bind needs a build context", step, session.Plan.FilePath);
                    var relative = RootedPath.Clean(source)[1..];
                    var sourcePath = Path.Combine(context, relative);
                    key.Add(name, $"bind context source={source} target={target} rw={!bind.ReadOnly}");

                    // The walk is rooted at the context, so .dockerignore patterns match context-relative paths even when
                    // the mount's source is a subdirectory or a single file (DF-COPY-IGNORE applies to binds too).
                    var filters = new List<ContextFilter>();
                    if (session.ContextIgnore is { } ignore)
                    {
                        filters.Add(ignore);
                    }

                    if (relative.Length > 0)
                    {
                        filters.Add(ContextFilter.Create([relative], null));
                    }

                    var selection = await Task.Run(() => session.Hasher.HashSelection(new ContextWalker(context, filters), cancellationToken), cancellationToken).ConfigureAwait(false);
                    if (relative.Length > 0 && selection.Find(relative) is null && Path.Exists(sourcePath))
                    {
                        throw Error(BuildErrorIds.SourceNotFound, $"RUN --mount=type=bind: source {source} is excluded by .dockerignore; remove it from the ignore file to mount it", step, session.Plan.FilePath);
                    }

                    key.AddFiles(name + " files", selection.Paths);
                    if (session.ContextIgnore is not null && !File.Exists(sourcePath))
                    {
                        var paths = new HashSet<string>(selection.Paths.Keys, StringComparer.Ordinal);
                        var prefix = relative.Length > 0 ? relative + "/" : string.Empty;
                        visible = path => path.Length == 0 || paths.Contains(prefix + path.TrimStart('/'));
                    }

                    hostRoot = context;
                }

                return (stepDirectory, resources, _) =>
                {
                    var host = RootedPath.Resolve(hostRoot, source, followFinalSymlink: true);
                    if (!Path.Exists(host))
                    {
                        throw Error(BuildErrorIds.SourceNotFound, $"RUN --mount=type=bind: source {source} not found", step, session.Plan.FilePath);
                    }

                    if (bind.ReadOnly && visible is null)
                    {
                        return Task.FromResult(new MountSetup(ContainerMount.Bind(host, target), null));
                    }

                    // rw: writes land in a throwaway copy, never in the source (DF-RUN-MOUNT-BIND); with an ignore file the
                    // copy holds only what the ignore file lets through.
                    var scratch = Path.Combine(stepDirectory, "bind-" + index.ToString(CultureInfo.InvariantCulture));
                    CopyTree(host, scratch, visible);
                    return Task.FromResult(new MountSetup(ContainerMount.Bind(scratch, target, bind.ReadOnly), null));
                };
            }

            case CacheMount cache:
            {
                var id = cache.Id ?? target;
                var description = $"cache id={id} target={target} sharing={cache.Sharing} mode={cache.Mode} uid={cache.Uid} gid={cache.Gid} ro={cache.ReadOnly}";
                string? seedRoot = null;
                var seedSource = RootedPath.Clean(cache.Source ?? "/");
                if (runMount.Source is { } from)
                {
                    // from= seeds a new cache with a stage's or image's directory (source=, its root by default); a cache
                    // seeded from other content is another cache, so the seed's key is part of the id.
                    var (root, sourceKey, keepAlive) = await OpenSourceRootAsync(from, step, cancellationToken).ConfigureAwait(false);
                    _keepAlive.Add(keepAlive);
                    seedRoot = root;
                    description += $" from={sourceKey} source={seedSource}";
                    id += "\0from=" + sourceKey + ":" + seedSource;
                }

                key.Add(name, description);
                session.NoteCacheMount(new Cache.Sharing.ExportableMount(stageIndex, id));
                var store = new CacheMountStore(session.Store.Root);
                return async (_, resources, ct) =>
                {
                    if (session.Imported is { } imported)
                    {
                        // --cache-from with exported mounts: a mount this store has never had starts from the import.
                        await imported.TrySeedMountAsync(store, id, cache.Mode, cache.Uid, cache.Gid, ct).ConfigureAwait(false);
                    }

                    var (data, held) = await store.AcquireAsync(id, cache.Sharing, cache.Mode, cache.Uid, cache.Gid, ct).ConfigureAwait(false);
                    if (held is not null)
                    {
                        resources.Add(held);
                    }

                    if (seedRoot is not null && !Directory.EnumerateFileSystemEntries(data).Any())
                    {
                        var seed = RootedPath.Resolve(seedRoot, seedSource, followFinalSymlink: true);
                        if (!Directory.Exists(seed))
                        {
                            throw Error(BuildErrorIds.SourceNotFound, $"RUN --mount=type=cache,from={runMount.Source}: source {seedSource} is not a directory there", step, session.Plan.FilePath);
                        }

                        CopyTree(seed, data);
                    }

                    return new MountSetup(ContainerMount.Bind(data, target, cache.ReadOnly), null);
                };
            }

            case SshMount ssh:
            {
                key.Add(name, $"ssh id={ssh.Id} target={target} required={ssh.Required} mode={ssh.Mode} uid={ssh.Uid} gid={ssh.Gid}");
                return async (_, resources, ct) =>
                {
                    if (!session.Options.Ssh.TryGetValue(ssh.Id, out var source))
                    {
                        return ssh.Required
                            ? throw Error(BuildErrorIds.RunFailed, $"no SSH agent or key for id {ssh.Id}: pass --ssh {ssh.Id} (forwards $SSH_AUTH_SOCK) or --ssh {ssh.Id}=KEYFILE", step, session.Plan.FilePath)
                            : new MountSetup(null, null);
                    }

                    // A short path: unix socket paths are limited to 107 bytes.
                    var directory = Directory.CreateTempSubdirectory("kiln-ssh-").FullName;
                    resources.Add(new Kiln.Build.Operations.Run.DirectoryRemover(directory));
                    string socket;
                    if (source.IsSocket)
                    {
                        // The user's agent is reached through a socket of the step's own, so mode, uid and gid apply
                        // without changing the user's socket.
                        var forwarder = Ssh.SocketForwarder.Start(Path.Combine(directory, "agent.sock"), source.Paths[0]);
                        resources.Add(forwarder);
                        socket = forwarder.Path;
                    }
                    else
                    {
                        try
                        {
                            var agent = await Ssh.KeyAgent.StartAsync(Path.Combine(directory, "agent.sock"), source.Paths, ct).ConfigureAwait(false);
                            resources.Add(agent);
                            socket = agent.Socket;
                        }
                        catch (InvalidOperationException e)
                        {
                            throw Error(BuildErrorIds.RunFailed, $"--ssh {ssh.Id}: {e.Message}", step, session.Plan.FilePath);
                        }
                    }

                    var fs = new Kiln.Linux.LinuxFileSystem();
                    fs.Chmod(socket, (int)ssh.Mode);
                    fs.LChown(socket, ssh.Uid, ssh.Gid);

                    return new MountSetup(ContainerMount.Bind(socket, target, readOnly: false), "SSH_AUTH_SOCK=" + target);
                };
            }

            default:
                throw Error(
                    BuildErrorIds.RunUnavailable,
                    $"RUN --mount=type={runMount.Mount.Type.ToString().ToLowerInvariant()} is not supported by this build of Kiln yet",
                    step,
                    session.Plan.FilePath);
        }
    }

    /// <summary>
    /// A secret mount (DF-RUN-MOUNT-SECRET): only its id, target, env name and file settings enter the key; the value is
    /// read at run time into the step's private tmpfs (file, bind-mounted read-only) or the process environment. A missing
    /// secret is skipped unless <c>required</c>.
    /// </summary>
    private Func<string, List<IDisposable>, CancellationToken, Task<MountSetup>> PrepareSecret(SecretMount secret, string name, CacheKeyBuilder key, EvaluatedStep step)
    {
        var id = secret.EffectiveId;
        key.Add(name, $"secret id={id} target={secret.EffectiveTarget} env={secret.Env} required={secret.Required} mode={secret.Mode} uid={secret.Uid} gid={secret.Gid}");
        return (privateDirectory, _, _) =>
        {
            var value = session.Options.Secrets.TryGetValue(id, out var source) ? source.Read(session.Options.Environment) : null;
            if (value is null)
            {
                return secret.Required
                    ? throw Error(BuildErrorIds.RunFailed, $"secret {id} not found: pass it with --secret id={id},src=FILE or --secret id={id},env=VARIABLE", step, session.Plan.FilePath)
                    : Task.FromResult(new MountSetup(null, null));
            }

            string? environmentEntry = secret.Env is { Length: > 0 } variable ? variable + "=" + Encoding.UTF8.GetString(value) : null;
            ContainerMount? mount = null;
            if (secret.EffectiveTarget is { } target)
            {
                var file = Path.Combine(privateDirectory, "secret-" + Guid.NewGuid().ToString("N"));
                File.WriteAllBytes(file, value);
                var fs = new Kiln.Linux.LinuxFileSystem();
                fs.Chmod(file, (int)secret.Mode);
                fs.LChown(file, secret.Uid, secret.Gid);
                mount = ContainerMount.Bind(file, target.StartsWith('/') ? target : "/" + target);
            }

            return Task.FromResult(new MountSetup(mount, environmentEntry));
        };
    }

    private static void CopyTree(string source, string destination, Func<string, bool>? filter = null)
    {
        var status = new Kiln.Linux.LinuxFileSystem().LStat(source);
        if (status.Kind != Kiln.Linux.FileKind.Directory)
        {
            File.Copy(source, destination);
            return;
        }

        Directory.CreateDirectory(destination);

        new FileCopier().Copy(
            new CopyRequest
            {
                Sources = [new CopySourceItem(source, string.Empty, false, null)],
                TargetRoot = destination,
                Destination = "/",
                WorkingDirectory = "/",
                PreserveOwnership = true,
                SourceFilter = filter,
            },
            CancellationToken.None);
    }

    private static string Encode(IReadOnlyList<string> argv)
    {
        var text = new StringBuilder();
        foreach (var arg in argv)
        {
            text.Append(arg.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(arg).Append(' ');
        }

        return text.ToString();
    }
}
