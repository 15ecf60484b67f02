namespace Kiln.Cli.Tests.Differential;

/// <summary>ADD cases (DF-ADD-*): local files, local archives by content (tar, gzip, bzip2, xz), URLs from the local server.</summary>
internal static partial class DifferentialCases
{
    private static IEnumerable<DifferentialCase> Add()
    {
        var tar = TestArchives.Tar();
        var gzip = TestArchives.Gzip(tar);

        yield return new("add-local-files-like-copy", """
            FROM @BASE@
            ADD a.txt dir /add/
            ADD --chmod=600 run.sh /add/run
            ADD --chown=1001:1002 b.txt /add/owned
            ADD *.txt /wild/
            """, [F("a.txt", "A\n"), F("b.txt", "B\n", "600"), F("run.sh", "#!/bin/sh\n", "755"), D("dir"), F("dir/x.txt", "X\n"), L("dir/link", "x.txt")]);

        yield return new("add-tar", """
            FROM @BASE@
            ADD pkg.tar /opt/
            ADD pkg.tar /opt-no-slash
            """, [ContextEntry.Bytes("pkg.tar", tar)]);

        yield return new("add-tar-gzip", """
            FROM scratch
            ADD pkg.tar.gz /gz/
            """, [ContextEntry.Bytes("pkg.tar.gz", gzip)]);

        yield return new("add-tar-bzip2", """
            FROM scratch
            ADD pkg.tar.bz2 /bz2/
            """, [ContextEntry.Bytes("pkg.tar.bz2", TestArchives.Bzip2(tar))]);

        yield return new("add-tar-xz", """
            FROM scratch
            ADD pkg.tar.xz /xz/
            """, [ContextEntry.Bytes("pkg.tar.xz", TestArchives.Xz(tar))]);

        yield return new("add-archive-detected-by-content", """
            FROM @BASE@
            ADD disguised.bin /disguised/
            ADD not-really.tar.gz /plain/
            ADD pkg.tar.gz /opt/pkg/
            ADD pkg.tar.gz /opt/pkg/
            ADD dir-with-archive /nested/
            """,
            [
                ContextEntry.Bytes("disguised.bin", gzip), F("not-really.tar.gz", "just text\n"), ContextEntry.Bytes("pkg.tar.gz", gzip),
                D("dir-with-archive"), ContextEntry.Bytes("dir-with-archive/inner.tar.gz", gzip),
            ]);

        yield return new("add-archive-with-chown-and-chmod", """
            FROM @BASE@
            ADD --chown=5:6 pkg.tar.gz /owned/
            ADD --chmod=700 pkg.tar /moded/
            """, [ContextEntry.Bytes("pkg.tar.gz", gzip), ContextEntry.Bytes("pkg.tar", tar)])
        {
            // BuildKit 0.8 kept the archive's owners under ADD --chown; current BuildKit (solver/llbsolver/file/unpack.go,
            // mapArchiveHeaderOwner) gives every extracted entry the --chown owner, as the classic builder did, and so
            // does Kiln. --chmod does not apply to extracted entries in either.
            NotCopiedPaths = p => p.StartsWith("owned/", StringComparison.Ordinal),
            NotCopiedWhy = "BuildKit 0.8 ignored --chown for extracted archive entries",
            Expect = r =>
            {
                Has(r, "owned", 'd', "755", 5, 6);
                Has(r, "owned/pkg", 'd', "750", 5, 6);
                Has(r, "owned/pkg/bin/tool", 'f', "755", 5, 6);
                Has(r, "owned/pkg/link", 'l', "777", 5, 6);
                Has(r, "owned/top.txt", 'f', "644", 5, 6);
                Has(r, "moded/pkg/setuid", 'f', "4755");
            },
        };

        yield return new("add-urls", """
            FROM @BASE@
            ADD @URL@/files/hello.txt /dl/
            ADD @URL@/files/data.bin /dl/renamed.bin
            ADD @URL@/archives/pkg.tar.gz /dl/
            ADD --chown=1001:1002 @URL@/files/hello.txt /dl/owned.txt
            ADD --chmod=644 @URL@/files/hello.txt /dl/readable.txt
            WORKDIR /w
            ADD @URL@/files/hello.txt relative.txt
            """, [])
        {
            // BuildKit 0.8 ignored --chmod on a URL source (0600 stays); current BuildKit passes the mode to the copy
            // from the HTTP source (convert_copy.go), and so does Kiln.
            NotCopiedPaths = p => p == "dl/readable.txt",
            NotCopiedWhy = "BuildKit 0.8 ignored ADD --chmod for URL sources",
            Expect = r =>
            {
                Has(r, "dl/readable.txt", 'f', "644");
                Has(r, "dl/hello.txt", 'f', "600");
                Has(r, "dl/owned.txt", 'f', "600", 1001, 1002);
            },
        };

        // --checksum (Dockerfile 1.6) and --unpack (1.17) are unknown flags to BuildKit 0.8: checked against DF-ADD-CHECKSUM
        // and DF-ADD-UNPACK (a URL archive is extracted only with --unpack=true, a local one kept whole with --unpack=false).
        yield return new("add-checksum-and-unpack", """
            FROM scratch
            ADD --checksum=sha256:@HELLO_SHA256@ @URL@/files/hello.txt /checked.txt
            ADD --unpack=true @URL@/archives/pkg.tar.gz /unpacked/
            ADD --unpack=false pkg.tar /packed/
            """.Replace("@HELLO_SHA256@", Sha256("hello over http\n"), StringComparison.Ordinal), [ContextEntry.Bytes("pkg.tar", tar)])
        {
            Reference = CaseReference.Documentation,
            Expect = r =>
            {
                Has(r, "checked.txt", 'f', "600");
                Assert.Equal(Sha256("hello over http\n"), r.File("checked.txt").Sha256);
                Has(r, "unpacked/pkg/bin/tool", 'f', "755", 1000, 1000);
                Has(r, "unpacked/top.txt", 'f', "644", 7, 8);
                Missing(r, "unpacked/pkg.tar.gz");
                Has(r, "packed/pkg.tar", 'f', "644");
                Missing(r, "packed/pkg");
            },
        };

        yield return new("add-url-into-scratch", """
            FROM scratch
            ADD @URL@/files/data.bin /
            ADD @URL@/files/hello.txt @URL@/files/data.bin /multi/
            ADD @URL@/ /unnamed/
            """, [])
        {
            Expect = r => Has(r, "unnamed/__unnamed__", 'f', "600"),
        };
    }
}
