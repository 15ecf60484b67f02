namespace Kiln.Cli.Tests.Differential;

/// <summary>COPY cases (DF-COPY-*, docs/copy-semantics.md).</summary>
internal static partial class DifferentialCases
{
    private static IEnumerable<DifferentialCase> Copy()
    {
        ContextEntry[] tree =
        [
            F("a.txt", "A\n"), F("b.txt", "B\n", "600"), F("run.sh", "#!/bin/sh\necho run\n", "755"),
            D("dir"), F("dir/x.txt", "X\n"), D("dir/sub", "700"), F("dir/sub/deep.txt", "deep\n", "640"), L("dir/rel-link", "x.txt"),
            L("dir/dangling", "nowhere"), L("dir/abs-link", "/etc/passwd"),
        ];

        yield return new("copy-scratch-files-and-dirs", """
            FROM scratch
            COPY a.txt b.txt run.sh /files/
            COPY dir /d
            COPY dir/ /d2/
            COPY dir/sub /deeper/still/
            """, tree);

        yield return new("copy-into-existing-base-dirs", """
            FROM @BASE@
            COPY a.txt /etc/
            COPY dir /etc/
            COPY run.sh /bin/run
            COPY b.txt /tmp
            """, tree);

        yield return new("copy-workdir-relative-destinations", """
            FROM @BASE@
            WORKDIR /app
            COPY a.txt .
            COPY b.txt sub/
            COPY run.sh ./bin/tool
            WORKDIR nested/deeper
            COPY dir ./
            """, tree);

        yield return new("copy-wildcards", """
            FROM scratch
            COPY *.txt /w/
            COPY file?.md [ab].cfg /w2/
            COPY dir/*.txt /w3/
            COPY nomatch* /w4/
            COPY */*.txt /w5/
            COPY f[!i]le*.md /w6/
            """,
            [.. tree, F("file1.md", "1"), F("file2.md", "2"), F("fxle3.md", "3"), F("a.cfg", "a"), F("b.cfg", "b"), F("c.cfg", "c")]);

        yield return new("copy-json-form-and-spaces", """
            FROM scratch
            COPY ["with space.txt", "/dst dir/"]
            COPY ["a.txt", "b.txt", "/json/"]
            """, [.. tree, F("with space.txt", "space\n")]);

        yield return new("copy-symlink-sources", """
            FROM @BASE@
            COPY toplink /tops/
            COPY toplinkdir /topdir/
            COPY dir /nested/
            COPY toplink /renamed
            """, [.. tree, L("toplink", "a.txt"), L("toplinkdir", "dir")]);

        yield return new("copy-destination-semantics", """
            FROM @BASE@
            COPY a.txt b.txt /onefile
            COPY a.txt /etc/
            COPY b.txt /etc/a.txt
            COPY dir /tmp/into-sticky/
            COPY a.txt /root
            """, tree);

        yield return new("copy-special-modes-from-context", """
            FROM scratch
            COPY modes /modes/
            """,
            [
                D("modes"), F("modes/setuid", "s", "4755"), F("modes/setgid", "g", "2750"), F("modes/none", "n", "000"),
                D("modes/sticky", "1777"), D("modes/ro", "555"), F("modes/ro/f", "f", "444"), F("modes/exec", "e", "711"),
            ]);

        // Hard links within one source stay hard links (docs/copy-semantics.md "Sources"); across sources they cannot.
        yield return new("copy-hardlinks", """
            FROM scratch
            COPY links /same-source/
            COPY links/first links/second /two-sources/
            """, [D("links"), F("links/first", "shared\n", "640"), ContextEntry.Hardlink("links/second", "links/first"), D("links/sub"), ContextEntry.Hardlink("links/sub/third", "links/first")]);

        yield return new("copy-dockerignore", """
            FROM scratch
            COPY . /ctx/
            COPY dir /dir/
            """,
            [
                .. tree, F(".dockerignore", "*.md\ndir/sub\n**/*.log\n!keep.log\nDockerfile\n.dockerignore\n"),
                F("notes.md", "n"), F("x.log", "l"), F("keep.log", "k"), F("dir/y.log", "y"),
            ]);

        yield return new("copy-multi-stage", """
            FROM @BASE@ AS build
            COPY --chown=1234:5678 dir /out/
            COPY a.txt /out/a.txt
            COPY --chown=42:43 run.sh /out/bin/run

            FROM scratch AS other
            COPY b.txt /b.txt

            FROM @BASE@
            COPY --from=build /out /app
            COPY --from=1 /b.txt /from-index/
            COPY --from=build /out/bin/run /out/rel-link /single/
            COPY --from=build /out/s* /wild/
            COPY --from=build --chown=7:8 /out/sub /rechowned/
            COPY --from=@BASE@ /etc/passwd /image-passwd
            """, tree);

        yield return new("copy-chown-numeric", """
            FROM @BASE@
            COPY --chown=1000:1000 a.txt /n/a
            COPY --chown=2000 b.txt /n/b
            COPY --chown=root:root run.sh /n/c
            COPY --chown=3000:0 dir /n/dir/
            COPY --chown=55:66 a.txt /created/parents/here/
            """, tree);

        yield return new("copy-chown-by-name", """
            FROM @BASE@
            COPY passwd group /etc/
            COPY --chown=app a.txt /o/app
            COPY --chown=app:staff a.txt /o/app-staff
            COPY --chown=other:app a.txt /o/other-app
            COPY --chown=app:1234 a.txt /o/app-1234
            COPY --chown=1500:staff a.txt /o/1500-staff
            COPY --chown=nobody:nogroup dir /o/dir/
            """, [.. tree, F("passwd", Passwd), F("group", Group)]);

        yield return new("copy-chown-unknown-names", """
            FROM @BASE@
            COPY passwd group /etc/
            COPY --chown=nosuch a.txt /u/nosuch
            COPY --chown=app:nosuchgroup a.txt /u/app-nosuchgroup
            COPY --chown=1500:nosuch a.txt /u/1500-nosuch
            """, [.. tree, F("passwd", Passwd), F("group", Group)]);

        yield return new("copy-chmod-octal", """
            FROM @BASE@
            COPY --chmod=755 a.txt /m/a
            COPY --chmod=0600 run.sh /m/run
            COPY --chmod=700 dir /m/dir/
            COPY --chmod=444 --chown=9:9 b.txt /m/b
            """, tree);

        // dockerd 20.10's BuildKit only replaced the low 0777 bits (--chmod=4755 gave 0755); current BuildKit replaces all
        // twelve and so does Kiln (docs/copy-semantics.md "Modes").
        yield return new("copy-chmod-special-bits", """
            FROM scratch
            COPY --chmod=4755 a.txt /s/setuid
            COPY --chmod=2711 b.txt /s/setgid
            COPY --chmod=1777 dir /s/sticky/
            COPY --chmod=0644 a.txt /s/plain
            """, tree)
        {
            NotCopiedPaths = p => p is "s/setuid" or "s/setgid" || p.StartsWith("s/sticky/", StringComparison.Ordinal),
            NotCopiedWhy = "BuildKit 0.8 dropped the setuid/setgid/sticky bits of --chmod; current BuildKit keeps them",
            Expect = r =>
            {
                Has(r, "s/setuid", 'f', "4755");
                Has(r, "s/setgid", 'f', "2711");
                Has(r, "s/sticky/x.txt", 'f', "1777");
                Has(r, "s/sticky/sub", 'd', "1777");
                Has(r, "s/sticky", 'd', "755");
                Has(r, "s/plain", 'f', "644");
            },
        };

        // BuildKit 0.8 accepts a symbolic --chmod but ignores it (the copy keeps the source modes); symbolic modes are a
        // Dockerfile 1.14 feature, so this case checks Kiln against chmod(1) semantics (docs/copy-semantics.md "Modes").
        yield return new("copy-chmod-symbolic", """
            FROM scratch
            COPY --chmod=u+x a.txt /sym/plus-x
            COPY --chmod=u=rwX,go=rX dir /sym/dir/
            COPY --chmod=g=u b.txt /sym/g-eq-u
            COPY --chmod=a-w run.sh /sym/no-write
            COPY --chmod=+x b.txt /sym/all-x
            """, tree)
        {
            Reference = CaseReference.Documentation,
            Expect = r =>
            {
                Has(r, "sym/plus-x", 'f', "744");
                Has(r, "sym/dir", 'd', "755");
                Has(r, "sym/dir/x.txt", 'f', "644");
                Has(r, "sym/dir/sub", 'd', "755");
                Has(r, "sym/dir/sub/deep.txt", 'f', "644");
                Has(r, "sym/dir/rel-link", 'l', "777");
                Has(r, "sym/g-eq-u", 'f', "660");
                Has(r, "sym/no-write", 'f', "555");
                Has(r, "sym/all-x", 'f', "711");
                Assert.Equal("COPY --chmod=u+x a.txt /sym/plus-x # buildkit", r.History[0].CreatedBy);
            },
        };

        // Heredocs are Dockerfile 1.4 (BuildKit 0.8 parses the body as instructions): checked against DF-HEREDOC-COPY.
        yield return new("copy-heredocs", """
            FROM @BASE@
            ARG NAME=world
            COPY <<EOF /greeting.txt
            hello ${NAME}
            EOF
            COPY --chmod=755 <<-"EOT" /script.sh
            	#!/bin/sh
            	echo $NAME
            	EOT
            COPY <<one <<two /many/
            first
            one
            second
            two
            """, [])
        {
            Reference = CaseReference.Documentation,
            Expect = r =>
            {
                Has(r, "greeting.txt", 'f', "644");
                Assert.Equal(Sha256("hello world\n"), r.File("greeting.txt").Sha256);
                Has(r, "script.sh", 'f', "755");
                Assert.Equal(Sha256("#!/bin/sh\necho $NAME\n"), r.File("script.sh").Sha256);
                Assert.Equal(Sha256("first\n"), r.File("many/one").Sha256);
                Assert.Equal(Sha256("second\n"), r.File("many/two").Sha256);
                Assert.Contains(r.History, h => h.CreatedBy == "COPY <<EOF /greeting.txt # buildkit" && !h.EmptyLayer);
            },
        };

        // --link is Dockerfile 1.4 (DF-COPY-LINK): the files are those of a plain COPY, but a final destination symlink
        // is replaced instead of followed.
        yield return new("copy-link", """
            FROM @BASE@
            COPY dir /x/
            COPY --link a.txt /linked/a.txt
            COPY --link dir /linked/dir/
            COPY --link --chown=1001:1002 b.txt /linked/b.txt
            COPY --link group /x/abs-link
            """, [.. tree, F("group", Group)])
        {
            Reference = CaseReference.Documentation,
            Expect = r =>
            {
                // The --link layer is made in an empty tree, where /linked is created for b.txt with the --chown owner;
                // merged on top, that directory entry replaces the existing /linked's metadata (BuildKit's MergeOp).
                Has(r, "linked", 'd', "755", 1001, 1002);
                Has(r, "linked/a.txt", 'f', "644");
                Has(r, "linked/dir/sub/deep.txt", 'f', "640");
                Has(r, "linked/b.txt", 'f', "600", 1001, 1002);
                Has(r, "x/abs-link", 'f', "644");
                Assert.Equal(Sha256(Group), r.File("x/abs-link").Sha256);
                Assert.Equal(Sha256("root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n"), r.File("etc/passwd").Sha256);
            },
        };

        // --parents is Dockerfile 1.20 (DF-COPY-PARENTS): checked against docs/copy-semantics.md "Sources".
        yield return new("copy-parents", """
            FROM scratch
            COPY --parents dir/sub/deep.txt a.txt /p/
            COPY --parents ./dir/./sub /pivot/
            COPY --parents **/*.txt /all/
            """, tree)
        {
            Reference = CaseReference.Documentation,
            Expect = r =>
            {
                Has(r, "p/dir/sub/deep.txt", 'f', "640");
                Has(r, "p/dir/sub", 'd', "700");
                Has(r, "p/a.txt", 'f', "644");
                Has(r, "pivot/sub/deep.txt", 'f', "640");
                Missing(r, "pivot/dir");
                Has(r, "all/a.txt", 'f', "644");
                Has(r, "all/b.txt", 'f', "600");
                Has(r, "all/dir/x.txt", 'f', "644");
                Has(r, "all/dir/sub/deep.txt", 'f', "640");
                Missing(r, "all/run.sh");
                Assert.Contains(r.History, h => h.CreatedBy == "COPY --parents dir/sub/deep.txt a.txt /p/ # buildkit");
            },
        };

        // --exclude is Dockerfile 1.19 (DF-COPY-EXCLUDE): .dockerignore patterns relative to each source.
        yield return new("copy-exclude", """
            FROM scratch
            COPY --exclude=*.txt . /e1/
            COPY --exclude=sub --exclude=*link dir /e2/
            COPY --exclude=**/*.txt --exclude=!dir/x.txt . /e3/
            """, [.. tree])
        {
            Reference = CaseReference.Documentation,
            Expect = r =>
            {
                Missing(r, "e1/a.txt");
                Has(r, "e1/run.sh", 'f', "755");
                Has(r, "e1/dir/x.txt", 'f', "644");
                Has(r, "e2/x.txt", 'f', "644");
                Missing(r, "e2/sub");
                Missing(r, "e2/rel-link");
                Has(r, "e2/dangling", 'l', "777");
                Missing(r, "e3/a.txt");
                Missing(r, "e3/dir/sub/deep.txt");
                Has(r, "e3/dir/x.txt", 'f', "644");
            },
        };
    }

    private static string Sha256(string content) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(content)));
}
