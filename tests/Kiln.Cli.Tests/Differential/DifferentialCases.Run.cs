namespace Kiln.Cli.Tests.Differential;

/// <summary>
/// RUN cases (issue #5, DF-RUN-*): commands that create, modify, chmod, chown, hardlink, symlink and delete files and
/// directories of lower layers, and every <c>--mount</c> type and option Kiln implements (ssh aside). BuildKit builds them
/// with <c>docker build --network host</c>, Kiln's default RUN network. Facts the tree comparison cannot see (link
/// counts, the process's ids, what a mount showed) are written to files by the RUN steps themselves.
/// </summary>
internal static partial class DifferentialCases
{
    private static IEnumerable<DifferentialCase> Run()
    {
        // Copied to /data by a COPY step, so that RUN changes a lower layer, not its own.
        ContextEntry[] tree =
        [
            D("base"), F("base/keep.txt", "keep\n"), F("base/edit.txt", "edit\n"), F("base/append.txt", "line1\n"), F("base/rmfile", "r\n"),
            D("base/dir"), F("base/dir/a", "a\n"), D("base/dir/sub", "750"), F("base/dir/sub/b", "b\n", "600"), D("base/empty"),
            D("base/gone"), F("base/gone/x", "x\n"), D("base/gone/nested"), F("base/gone/nested/y", "y\n"), L("base/gone/link", "x"),
            D("base/moved"), F("base/moved/m", "m\n"), D("base/moved/inner"), F("base/moved/inner/n", "n\n", "640"),
            F("base/tool.sh", "#!/bin/sh\necho tool\n", "755"), L("base/link-to-keep", "keep.txt"),
            F("passwd", Passwd), F("group", Group), F("ctx.txt", "from context\n"), D("ctxdir"), F("ctxdir/inner.txt", "inner\n"),
        ];

        yield return Host("run-create-files-and-dirs", """
            FROM @BASE@
            RUN mkdir -p /new/a/b /new/empty /empty-top && echo hello > /new/a/b/hello.txt && printf 'no newline' > /new/raw \
                && touch /new/zero && : > /new/a/truncated && dd if=/dev/zero of=/new/zeros bs=1k count=3 2>/dev/null
            RUN mkdir -m 700 /new/private && umask 077 && echo secret-ish > /new/umasked && mkdir /new/umasked-dir
            """, tree);

        yield return Host("run-modify-base-files", """
            FROM @BASE@
            COPY base /data/
            RUN echo changed > /data/edit.txt && echo line2 >> /data/append.txt && touch /data/keep.txt
            RUN sed -i 's/line1/LINE1/' /data/append.txt && echo 'extra:x:2000:2000::/:/bin/sh' >> /etc/passwd
            RUN cp /data/dir/a /data/dir/a.copy && echo appended >> /data/dir/sub/b && : > /data/dir/a
            """, tree);

        yield return Host("run-chmod", """
            FROM @BASE@
            COPY base /data/
            RUN chmod 600 /data/keep.txt && chmod 700 /data/dir && chmod -R g+w /data/dir/sub && chmod 000 /data/edit.txt \
                && chmod a+x /data/append.txt && chmod 711 /tmp && chmod 0555 /data/empty
            RUN touch /new-file && chmod 640 /new-file && mkdir /new-dir && chmod 3775 /new-dir && chmod u-x /data/tool.sh
            """, tree);

        yield return Host("run-chown-numeric", """
            FROM @BASE@
            COPY base /data/
            RUN chown 1000:1000 /data/edit.txt && chown -R 123:456 /data/dir && chown 7 /data/keep.txt && chown :9 /data/append.txt
            RUN chown -h 5:5 /data/link-to-keep && mkdir /owned && chown 4294967294:65534 /owned && touch /owned/f && chown 65534 /owned/f
            """, tree);

        yield return Host("run-chown-by-name", """
            FROM @BASE@
            COPY passwd group /etc/
            COPY base /data/
            RUN chown app:staff /data/edit.txt && chown -R nobody:nogroup /data/dir && chown other /data/keep.txt && chown :app /data/append.txt
            RUN mkdir /home/app && chown app: /home/app && chown root:staff /data/empty
            """, tree);

        // The RUN steps write link counts and inode equality: the tree comparison reads a hardlink as the file it names.
        yield return Host("run-hardlinks-in-layer", """
            FROM @BASE@
            RUN mkdir -p /h/sub && echo shared > /h/a && ln /h/a /h/b && ln /h/a /h/sub/c && chmod 600 /h/a && chown 3:4 /h/b
            RUN stat -c '%h %a %u:%g' /h/a /h/b /h/sub/c > /h-stat.txt \
                && [ "$(stat -c %i /h/a)" = "$(stat -c %i /h/sub/c)" ] && echo same-inode >> /h-stat.txt
            RUN rm /h/b && stat -c %h /h/a > /h-after-rm.txt
            """, tree);

        yield return Host("run-hardlinks-to-base-files", """
            FROM @BASE@
            COPY base /data/
            RUN ln /data/keep.txt /data/keep.hard && ln /data/tool.sh /tool-link && ln /etc/group /data/group.hard
            RUN stat -c '%h' /data/keep.txt /data/keep.hard /tool-link /data/tool.sh /etc/group > /links.txt \
                && [ "$(stat -c %i /data/keep.txt)" = "$(stat -c %i /data/keep.hard)" ] && echo same-inode >> /links.txt
            RUN echo through-link >> /data/keep.hard && cat /data/keep.txt > /keep-now.txt
            """, tree);

        yield return Host("run-symlinks", """
            FROM @BASE@
            COPY base /data/
            RUN ln -s keep.txt /data/rel && ln -s /data/edit.txt /abs && ln -s /nowhere/at/all /data/dangling && ln -s dir /data/dir-link \
                && ln -s ../data/dir/sub/b /tmp/up-link
            RUN rm /data/edit.txt && ln -s keep.txt /data/edit.txt && ln -sfn append.txt /data/link-to-keep && mkdir /data/dirlinks \
                && ln -s /data/dir /data/dirlinks/abs-dir && rm /bin/vi && ln -s /bin/busybox /bin/vi
            """, tree);

        yield return Host("run-delete-from-base", """
            FROM @BASE@
            COPY base /data/
            RUN rm /data/rmfile /data/link-to-keep && rm -r /data/dir/sub && rmdir /data/empty && rm /bin/wget /etc/group
            RUN rm -rf /data/gone/nested && rm /data/gone/x
            """, tree);

        // rm -rf of a lower directory then the same path again: an opaque directory (or whiteouts) in the layer.
        yield return Host("run-rm-rf-and-recreate-dir", """
            FROM @BASE@
            COPY base /data/
            RUN rm -rf /data/gone && mkdir -p /data/gone/nested && echo fresh > /data/gone/fresh && chmod 700 /data/gone
            RUN rm -rf /root && mkdir /root && touch /root/.profile && rm -rf /data/dir && mkdir /data/dir && ln -s a /data/dir/a-link
            RUN rm -rf /data/moved && mkdir /data/moved
            """, tree);

        // Renaming a lower directory on overlayfs (EXDEV without redirect_dir: mv copies, then deletes).
        yield return Host("run-rename-base-dir", """
            FROM @BASE@
            COPY base /data/
            RUN mv /data/moved /data/renamed && mv /data/keep.txt /kept.txt && mv /data/dir /dir-moved
            RUN mv /data/renamed /data/moved && echo back > /data/moved/back
            """, tree);

        yield return Host("run-special-modes-and-fifo", """
            FROM @BASE@
            COPY base /data/
            RUN touch /suid /sgid && chmod 4755 /suid && chmod 2711 /sgid && mkdir -m 1777 /sticky && mkdir /sgid-dir && chmod 2775 /sgid-dir \
                && touch /sgid-dir/child && mkdir /sgid-dir/childdir
            RUN mkfifo /fifo && mkfifo -m 600 /data/fifo2 && chmod 4755 /data/tool.sh && chmod +t /data/dir
            """, tree);

        yield return new("run-user-switch", """
            FROM @BASE@
            COPY passwd group /etc/
            RUN mkdir -m 777 /shared
            USER app
            RUN touch /shared/by-app && mkdir /shared/app-dir && echo $HOME > /shared/app-home && id > /shared/app-id
            USER 1500:50
            RUN touch /shared/by-1500 && id > /shared/1500-id
            USER nobody
            RUN id > /tmp/nobody-id
            USER root
            RUN id > /root-id && chown app /shared/by-1500
            """, tree)
        {
            Network = "host",
            NotCopiedPaths = p => p == "shared/1500-id",
            NotCopiedWhy = "USER uid:gid: Kiln makes the group part the process's only supplementary group (UserResolver, as runtimes do since "
                + "the 2022/2023 supplementary-group fixes, CVE-2022-36109/CVE-2023-25173); BuildKit 0.8 left the supplementary groups empty.",
            Expect = r => Assert.Equal(Sha256("uid=1500(other) gid=50(staff) groups=50(staff)\n"), r.File("shared/1500-id").Sha256),
        };

        // WORKDIR creates its directory; a RUN whose WORKDIR a previous RUN removed runs there again (created as needed).
        yield return Host("run-workdir-missing", """
            FROM @BASE@
            COPY passwd group /etc/
            WORKDIR /w/x
            RUN pwd > /pwd1 && touch here
            RUN rm -rf /w
            RUN pwd > /pwd2 && touch again
            """, tree);

        yield return Host("run-env-and-arg", """
            FROM @BASE@
            ARG A=1
            ARG B
            ARG C="two words"
            ENV E=env X=from-env
            ARG X=from-arg
            RUN echo "A=$A B=${B-unset} C=$C E=$E X=$X" > /vars && env | grep -E '^(A|C|E|X|PATH|HOME)=' | sort > /env
            ENV A=overridden-by-env
            RUN echo "$A" > /a-after-env
            """, tree);

        yield return Host("run-exec-form", """
            FROM @BASE@
            RUN ["/bin/mkdir", "-p", "/exec dir/with space"]
            RUN ["touch", "/exec dir/$NOT_EXPANDED"]
            RUN ["/bin/sh", "-c", "echo $HOME:$PATH > /exec-env"]
            ENV GREETING=hi
            RUN ["sh", "-c", "echo $GREETING > \"/exec dir/greeting\""]
            """, tree);

        yield return Host("run-shell-changes", """
            FROM @BASE@
            RUN echo $0 > /shell-default
            SHELL ["/bin/sh", "-ec"]
            RUN echo $0 "$-" > /shell-e
            SHELL ["/bin/busybox", "ash", "-c"]
            RUN echo ash > /shell-ash
            SHELL ["/bin/sh", "-c", "echo \"$@\" > /shell-args", "named"]
            RUN first second
            """, tree);

        yield return new("run-multi-stage-copy-from", """
            FROM @BASE@ AS build
            COPY passwd group /etc/
            COPY base /src/
            RUN mkdir -p /out/bin && cp /src/tool.sh /out/bin/tool && chown app:staff /out/bin/tool && chmod 4750 /out/bin/tool \
                && ln -s bin/tool /out/tool-link && ln /out/bin/tool /out/tool-hard && rm -rf /src/gone && mkfifo /out/fifo
            USER app
            RUN mkdir /tmp/mine && echo app > /tmp/mine/file

            FROM @BASE@
            COPY --from=build /out /app/
            COPY --from=build /tmp/mine /mine/
            COPY --from=build /src /src/
            RUN ls /src > /src-list
            """, tree)
        {
            Network = "host",
            NotCopiedPaths = p => p == "app/fifo",
            NotCopiedWhy = "BuildKit's COPY (fsutil copy) silently skips fifos and sockets: its default case returns errors.Wrapf(err, …) "
                + "with a nil err, i.e. nil (still so in current fsutil). Kiln copies the fifo, as the classic builder did.",
            Expect = r => Has(r, "app/fifo", 'p', "644"),
        };

        yield return new("run-mount-bind-context", """
            FROM @BASE@
            WORKDIR /work
            RUN --mount=type=bind,target=/ctx cp /ctx/ctx.txt /from-ctx && ls /ctx/ctxdir > /ctx-list
            RUN --mount=type=bind,source=ctxdir,target=rel cat rel/inner.txt > /inner-copy && test ! -w rel/inner.txt -o "$(id -u)" = 0
            RUN --mount=type=bind,target=/ctx,rw echo written > /ctx/written && rm /ctx/ctx.txt && cp /ctx/written /copied
            RUN --mount=type=bind,target=/ctx ls /ctx > /ctx-after-rw
            RUN --mount=type=bind,src=ctx.txt,dst=/etc/single.txt,ro cat /etc/single.txt > /single
            """, tree)
        {
            Network = "host",
            NotCopiedPaths = MountStubs("ctx", "work/rel", "etc/single.txt"),
            NotCopiedWhy = MountStubsWhy,
            Expect = r =>
            {
                // rw writes went to a throwaway copy: the context file is still there for the next RUN.
                Missing(r, "ctx");
                Missing(r, "work/rel");
                Missing(r, "etc/single.txt");
                Assert.Equal(Sha256("from context\n"), r.File("single").Sha256);
                Assert.Equal(Sha256("written\n"), r.File("copied").Sha256);
            },
        };

        yield return new("run-mount-bind-from-stage", """
            FROM @BASE@ AS tools
            RUN mkdir -p /opt/tools && echo tool > /opt/tools/tool && chmod 750 /opt/tools/tool

            FROM @BASE@
            RUN --mount=type=bind,from=tools,source=/opt/tools,target=/mnt/tools cat /mnt/tools/tool > /got \
                && stat -c '%a' /mnt/tools/tool > /got-mode
            RUN --mount=from=tools,target=/t,rw echo scratch > /t/opt/tools/new && rm /t/opt/tools/tool && ls /t/opt/tools > /rw-list
            RUN --mount=type=bind,from=tools,target=/t ls /t/opt/tools > /after-rw
            RUN --mount=type=bind,from=@BASE@,source=/etc/passwd,target=/base-passwd cp /base-passwd /passwd-from-image
            """, tree)
        {
            Network = "host",
            NotCopiedPaths = MountStubs("mnt", "mnt/tools", "t", "base-passwd"),
            NotCopiedWhy = MountStubsWhy,
            Expect = r =>
            {
                Missing(r, "mnt");
                Missing(r, "t");
                Missing(r, "base-passwd");
                Assert.Equal(Sha256("tool\n"), r.File("got").Sha256);
            },
        };

        yield return new("run-mount-cache", """
            FROM @BASE@
            RUN --mount=type=cache,target=/var/cache/k echo data > /var/cache/k/f && cat /var/cache/k/f > /cache-read
            RUN --mount=type=cache,target=/var/cache/k test -f /var/cache/k/f && echo present > /cache-present
            RUN --mount=type=cache,id=perms,target=/c2,uid=1001,gid=1002,mode=0750 stat -c '%a %u:%g' /c2 > /cache-perms
            RUN --mount=type=cache,id=locked,target=/tmp/c3,sharing=locked --mount=type=cache,id=private,target=/c4,sharing=private \
                touch /tmp/c3/x /c4/y && ls /tmp/c3 /c4 > /cache-sharing
            RUN --mount=type=cache,id=ro-k,target=/c5,ro ls -a /c5 > /cache-ro-list && ! touch /c5/x 2>/dev/null
            """, tree)
        {
            Network = "host",
            NotCopiedPaths = MountStubs("var", "var/cache", "var/cache/k", "c2", "tmp/c3", "c4", "c5"),
            NotCopiedWhy = MountStubsWhy,
            Expect = r =>
            {
                // Cache contents and mount points never reach the image (DF-RUN-MOUNT-CACHE).
                Missing(r, "var/cache/k");
                Missing(r, "c2");
                Missing(r, "tmp/c3");
                Missing(r, "c4");
                Missing(r, "c5");
            },
        };

        yield return new("run-mount-tmpfs", """
            FROM @BASE@
            COPY base /data/
            RUN --mount=type=tmpfs,target=/scratch echo temp > /scratch/f && cp /scratch/f /kept
            RUN --mount=type=tmpfs,target=/data/dir ls -a /data/dir > /tmpfs-hides && touch /data/dir/hidden-write
            RUN --mount=type=tmpfs,target=/tmp echo gone > /tmp/never && stat -c '%a' /tmp > /tmpfs-mode
            """, tree)
        {
            Network = "host",
            NotCopiedPaths = MountStubs("scratch"),
            NotCopiedWhy = MountStubsWhy,
            Expect = r =>
            {
                Missing(r, "scratch");
                Missing(r, "tmp/never");
                Missing(r, "data/dir/hidden-write");
                Has(r, "data/dir/a", 'f', "644");
            },
        };

        yield return new("run-mount-secret", """
            FROM @BASE@
            COPY passwd group /etc/
            RUN --mount=type=secret,id=token wc -c < /run/secrets/token > /token-length
            RUN --mount=type=secret,id=conf,target=/etc/app/conf,mode=0440,uid=1001,gid=1002 stat -c '%a %u:%g %s' /etc/app/conf > /conf-stat
            RUN --mount=type=secret,id=token,target=/relative-token cat /relative-token | tr a-z A-Z | wc -c > /upper-length
            RUN --mount=type=secret,id=absent test ! -e /run/secrets/absent && echo tolerated > /absent
            USER app
            RUN --mount=type=secret,id=conf,uid=1001 cat /run/secrets/conf | wc -l > /tmp/read-as-app
            """, tree)
        {
            Network = "host",
            Secrets = new Dictionary<string, string> { ["token"] = "s3cret-token-value", ["conf"] = "line1\nline2\n" },
            NotCopiedPaths = MountStubs("run", "run/secrets", "etc/app"),
            NotCopiedWhy = MountStubsWhy,
            Expect = r =>
            {
                Missing(r, "run/secrets");
                Missing(r, "etc/app/conf");
                Missing(r, "relative-token");
                Assert.DoesNotContain(r.Files.Values, f => f.Sha256 == Sha256("s3cret-token-value") || f.Sha256 == Sha256("line1\nline2\n"));
                Assert.DoesNotContain(r.History, h => h.CreatedBy.Contains("s3cret", StringComparison.Ordinal));
            },
        };

        // BuildKit 0.8 has no RUN --network (Dockerfile 1.3): checked against DF-RUN-NETWORK.
        yield return new("run-network-none", """
            FROM @BASE@
            RUN --network=none ls /sys/class/net > /net-none && cat /etc/hosts > /hosts-none
            RUN --network=host test -n "$(ls /sys/class/net)" && echo host-ok > /net-host
            """, tree)
        {
            Reference = CaseReference.Documentation,
            Expect = r =>
            {
                Assert.Equal(Sha256("lo\n"), r.File("net-none").Sha256);
                Assert.Equal(Sha256("host-ok\n"), r.File("net-host").Sha256);
                Missing(r, "etc/hosts");
                Assert.Equal("RUN /bin/sh -c ls /sys/class/net > /net-none && cat /etc/hosts > /hosts-none # buildkit", r.History[^2].CreatedBy);
            },
        };

        // BuildKit 0.8 rejects tmpfs size= and secret env= (Dockerfile 1.10): checked against DF-RUN-MOUNT-TMPFS/-SECRET
        // (with secret required=true, whose missing-secret failure is not a build result to compare).
        yield return new("run-mount-tmpfs-size-and-secret-env", """
            FROM @BASE@
            RUN --mount=type=tmpfs,target=/small,size=1m df -k /small | tail -1 | awk '{print $2}' > /small-size
            RUN --mount=type=secret,id=token,env=TOKEN echo "${#TOKEN}" > /env-length && test ! -e /run/secrets/token
            RUN --mount=type=secret,id=token,env=TOKEN,target=/both cat /both | wc -c > /both-length && echo "${#TOKEN}" >> /both-length
            RUN --mount=type=secret,id=missing,env=MISSING echo "[${MISSING-unset}]" > /missing-env
            RUN --mount=type=secret,id=token,required=true,target=/req wc -c < /req > /required-length
            """, tree)
        {
            Reference = CaseReference.Documentation,
            Secrets = new Dictionary<string, string> { ["token"] = "s3cret-token-value" },
            Expect = r =>
            {
                Assert.Equal(Sha256("1024\n"), r.File("small-size").Sha256);
                Assert.Equal(Sha256("18\n"), r.File("env-length").Sha256);
                Assert.Equal(Sha256("18\n18\n"), r.File("both-length").Sha256);
                Assert.Equal(Sha256("[unset]\n"), r.File("missing-env").Sha256);
                Assert.Equal(Sha256("18\n"), r.File("required-length").Sha256);
                Missing(r, "req");
                Missing(r, "small");
                Missing(r, "both");
                Assert.DoesNotContain(r.Files.Values, f => f.Sha256 == Sha256("s3cret-token-value"));
                Assert.DoesNotContain(r.History, h => h.CreatedBy.Contains("s3cret", StringComparison.Ordinal));
            },
        };

        // RUN heredocs are Dockerfile 1.4 (BuildKit 0.8 reads the body as instructions): checked against DF-HEREDOC-RUN-*.
        yield return new("run-heredocs", """
            FROM @BASE@
            ARG WHO=builder
            RUN <<EOF
            echo one > /heredoc-script
            echo "two $WHO" >> /heredoc-script
            EOF
            RUN <<EOF
            #!/bin/sh
            echo "shebang $0" > /heredoc-shebang
            EOF
            RUN cat <<EOF > /heredoc-shell
            shell ${WHO}
            EOF
            """, tree)
        {
            Reference = CaseReference.Documentation,
            Expect = r =>
            {
                Assert.Equal(Sha256("one\ntwo builder\n"), r.File("heredoc-script").Sha256);
                Assert.Equal(Sha256("shebang /dev/pipes/EOF\n"), r.File("heredoc-shebang").Sha256);
                Assert.Equal(Sha256("shell builder\n"), r.File("heredoc-shell").Sha256);
                Missing(r, "dev/pipes");
            },
        };
    }

    /// <summary>
    /// BuildKit 0.8 leaves the directories runc created as mount points (and their missing parents) in the layer; current
    /// BuildKit removes them after the run (executor MountStubsCleaner), and so does Kiln (MountPoints.RemoveCreated).
    /// </summary>
    private const string MountStubsWhy = "BuildKit 0.8 keeps mount-point stubs in the layer; current BuildKit and Kiln remove them.";

    private static Func<string, bool> MountStubs(params string[] paths) => paths.Contains;

    /// <summary>A RUN case BuildKit builds with <c>--network host</c>.</summary>
    private static DifferentialCase Host(string name, string dockerfile, IReadOnlyList<ContextEntry> files) =>
        new(name, dockerfile, files) { Network = "host" };
}
