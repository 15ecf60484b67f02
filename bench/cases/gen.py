#!/usr/bin/env python3
"""Generates the benchmark contexts of bench/cases deterministically (the same bytes on every machine).

usage: gen.py OUTDIR --scale full|quick|smoke --base REF --debian REF [--cases a,b,...]

For every case, OUTDIR/CASE gets bench/cases/CASE/Dockerfile (BASE_IMAGE and DEBIAN_IMAGE replaced by the
registry references, LOOP_COUNT by the loop length) plus generated files from random.Random with fixed seeds.
All mtimes are set to one fixed instant. OUTDIR/CASES.json lists per case: files, bytes, the file the one-file
edit changes, and the scale-dependent sizes (the quick and smoke scales shrink the big cases; the report says so).
"""
import argparse
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
MTIME = 1700000000
ALL = ["onefile", "multistage", "bigcontext", "bigfiles", "steps30", "apt", "nodelike"]
# Sizes per scale. full = the sizes; quick keeps --quick under 10 minutes; smoke only proves the driver works.
SCALES = {
    "full":  {"loop": 2_500_000, "ctx_files": 20_000, "ctx_bytes": 200_000_000, "rand_mb": 300, "text_mb": 1000, "deps": 200},
    "quick": {"loop": 2_500_000, "ctx_files": 5_000, "ctx_bytes": 50_000_000, "rand_mb": 30, "text_mb": 100, "deps": 100},
    "smoke": {"loop": 50_000, "ctx_files": 500, "ctx_bytes": 5_000_000, "rand_mb": 2, "text_mb": 8, "deps": 10},
}
WORDS = (
    "the layer digest sha256 overlay kiln build from run copy add env arg label user workdir usr lib bin share "
    "include python3 libc so error warning info debug main func return if else for while import package class "
    "def static public private void int string true false null none self this config json yaml value key name "
    "version path file dir root").split()


def text(rng, n):
    parts, size = [], 0
    while size < n:
        line = " ".join(rng.choices(WORDS, k=rng.randint(3, 14))) + " %d\n" % rng.randint(0, 99999)
        parts.append(line)
        size += len(line)
    return "".join(parts).encode()[:n]


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def write_stream(path, size, chunk):
    """Writes size bytes produced by chunk(n) in pieces of at most 4 MB."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        left = size
        while left > 0:
            k = min(left, 4 << 20)
            f.write(chunk(k))
            left -= k


def dockerfile(case, ctx, subst):
    with open(os.path.join(HERE, case, "Dockerfile")) as f:
        s = f.read()
    for k, v in subst.items():
        s = s.replace(k, v)
    write(os.path.join(ctx, "Dockerfile"), s.encode())


def fix_times(root):
    for dirpath, dirnames, filenames in os.walk(root):
        for name in filenames + dirnames:
            os.utime(os.path.join(dirpath, name), (MTIME, MTIME), follow_symlinks=False)
    os.utime(root, (MTIME, MTIME))


def gen_onefile(ctx, sc):
    write(os.path.join(ctx, "app.conf"), text(random.Random(7001), 64_000))
    return {"edit": "app.conf", "what": "`COPY app.conf` (one 64 KB file)"}


def gen_multistage(ctx, sc):
    rng = random.Random(7002)
    write(os.path.join(ctx, "a.conf"), text(rng, 2_000))
    write(os.path.join(ctx, "b.conf"), text(rng, 2_000))
    return {"edit": "b.conf", "what": "stages a and b each `RUN` a %d-iteration busybox sh loop, then a final stage copies from both" % sc["loop"],
            "stages": ["a", "b"], "loop": sc["loop"]}


def gen_bigcontext(ctx, sc):
    # n files totalling the byte budget, nested 3 levels: log-uniform 512 B..16 KB small files (a fifth of them
    # incompressible) and 20 large files that carry the rest of the budget.
    rng = random.Random(7003)
    n_files, total, n_large = sc["ctx_files"], sc["ctx_bytes"], 20
    sizes = [int(2 ** rng.uniform(9, 14)) for _ in range(n_files - n_large - 1)]  # -1: the Dockerfile
    rest = total - sum(sizes) - 200
    assert rest > n_large * 100_000, rest
    large = [rest // n_large] * n_large
    block = text(rng, 8 << 20)
    noise = rng.randbytes(8 << 20)
    for i, size in enumerate(sizes):
        d = os.path.join(ctx, "src", "m%02d" % (i // 1000), "p%02d" % (i // 50 % 20))
        src = noise if i % 5 == 0 else block
        start = rng.randint(0, len(src) - size)
        write(os.path.join(d, "f%05d.%s" % (i, "bin" if i % 5 == 0 else "txt")), src[start:start + size])
    for i, size in enumerate(large):
        src = noise if i % 4 == 0 else block
        write_stream(os.path.join(ctx, "data", "blob%02d.%s" % (i, "bin" if i % 4 == 0 else "log")), size,
                     lambda k: src[(s := rng.randint(0, len(src) - k)):s + k])
    edit = "src/m%02d/p%02d/f%05d.txt" % ((n_files * 7 // 20) // 1000, (n_files * 7 // 20) // 50 % 20, n_files * 7 // 20 + 1)
    return {"edit": edit, "what": "`COPY . /app` of %d files, %d MB" % (n_files, total // 1_000_000)}


def gen_bigfiles(ctx, sc):
    rng = random.Random(7004)
    for i in range(3):
        write_stream(os.path.join(ctx, "data", "random%d.bin" % i), sc["rand_mb"] << 20, rng.randbytes)
    block = text(rng, 8 << 20)
    write_stream(os.path.join(ctx, "data", "text.log"), sc["text_mb"] << 20,
                 lambda k: block[(s := rng.randint(0, len(block) - k)):s + k])
    return {"edit": "data/text.log", "what": "`COPY data/` of 3 x %d MiB incompressible + %d MiB compressible text" % (sc["rand_mb"], sc["text_mb"]),
            "layer_dir": "data"}


def gen_steps30(ctx, sc):
    rng = random.Random(7005)
    for i in range(1, 16):
        write(os.path.join(ctx, "f%02d.txt" % i), text(rng, rng.randint(1_000, 4_000)))
    return {"edit": "f08.txt", "what": "15 `RUN echo N >> /steps` and 15 `COPY fNN.txt` alternating (edit at step 16 of 30)"}


def gen_apt(ctx, sc):
    write(os.path.join(ctx, "app.conf"), text(random.Random(7006), 4_000))
    return {"edit": "app.conf", "what": "Debian bookworm minbase, `RUN apt-get update && apt-get install -y --no-install-recommends curl`, `COPY app.conf`",
            "network": "host"}


INSTALL_SH = r"""#!/bin/sh
# Deterministic stand-in for `npm ci`: every "node_modules/NAME": {"version": "V", "files": N} line of the
# lockfile becomes node_modules/NAME with a package.json and N generated .js files.
set -e
grep '"node_modules/' package-lock.json | sed 's/[",:{}]/ /g' | while read path _ version _ files; do
  name="${path#node_modules/}"
  mkdir -p "$path/lib"
  echo "{\"name\": \"$name\", \"version\": \"$version\", \"main\": \"lib/f1.js\"}" > "$path/package.json"
  i=1
  while [ "$i" -le "$files" ]; do
    yes "module.exports.f$i = function () { return '$name@$version $i'; };" | head -n 60 > "$path/lib/f$i.js"
    i=$((i + 1))
  done
done
echo "installed $(ls node_modules | wc -l) packages"
"""


def gen_nodelike(ctx, sc):
    rng = random.Random(7007)
    deps = ["dep-%03d" % i for i in range(sc["deps"])]
    versions = {d: "%d.%d.%d" % (rng.randint(0, 9), rng.randint(0, 30), rng.randint(0, 99)) for d in deps}
    write(os.path.join(ctx, "package.json"), json.dumps(
        {"name": "bench-app", "version": "1.0.0", "main": "src/index.js",
         "dependencies": {d: "^" + versions[d] for d in deps}}, indent=2).encode() + b"\n")
    lock = ['{', '  "name": "bench-app",', '  "lockfileVersion": 3,', '  "packages": {']
    lock += ['    "node_modules/%s": {"version": "%s", "files": %d},' % (d, versions[d], rng.randint(4, 12)) for d in deps]
    lock[-1] = lock[-1].rstrip(",")
    lock += ['  }', '}']
    write(os.path.join(ctx, "package-lock.json"), ("\n".join(lock) + "\n").encode())
    write(os.path.join(ctx, "install.sh"), INSTALL_SH.encode())
    write(os.path.join(ctx, ".dockerignore"), b"node_modules\n")
    write(os.path.join(ctx, "src", "index.js"), b"// entry point\n" + text(rng, 6_000))
    for i in range(60):
        write(os.path.join(ctx, "src", "lib", "m%02d.js" % i), text(rng, rng.randint(1_000, 12_000)))
    return {"edit": "src/index.js", "what": "`COPY package.json package-lock.json`, `RUN` install of %d deps into node_modules, `COPY . .` (61 sources)" % sc["deps"]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--scale", choices=SCALES, default="full")
    ap.add_argument("--base", required=True)
    ap.add_argument("--debian", required=True)
    ap.add_argument("--cases", default=",".join(ALL))
    a = ap.parse_args()
    sc = SCALES[a.scale]
    subst = {"BASE_IMAGE": a.base, "DEBIAN_IMAGE": a.debian, "LOOP_COUNT": str(sc["loop"])}
    info = {}
    for case in a.cases.split(","):
        ctx = os.path.join(a.out, case)
        c = globals()["gen_" + case](ctx, sc)
        dockerfile(case, ctx, subst)
        fix_times(ctx)
        c["files"] = sum(len(fs) for _, _, fs in os.walk(ctx))
        c["bytes"] = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(ctx) for f in fs)
        c["scale"] = a.scale
        assert os.path.isfile(os.path.join(ctx, c["edit"])), (case, c["edit"])
        info[case] = c
    with open(os.path.join(a.out, "CASES.json"), "w") as f:
        json.dump(info, f, indent=1)
    print(json.dumps(info))


if __name__ == "__main__":
    main()
