#!/usr/bin/env python3
"""Generates the build-benchmark contexts deterministically (same bytes on every machine).

usage: gen-contexts.py OUTDIR BASE_REF

  OUTDIR/small       Dockerfile: FROM base, COPY of a directory of a few files, then a one-file COPY
  OUTDIR/bigcontext  Dockerfile: FROM base, COPY . /app over 20,000 files / 200 MB in nested directories

Content comes from random.Random with fixed seeds (text-like files, about 1/5 of the bytes incompressible);
all mtimes are set to a fixed instant. The file that the one-file edit changes is listed in OUTDIR/CASES.json.
"""
import json
import os
import random
import sys

out, base = sys.argv[1], sys.argv[2]
MTIME = 1700000000

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


def fix_times(root):
    for dirpath, dirnames, filenames in os.walk(root):
        for name in filenames + dirnames:
            os.utime(os.path.join(dirpath, name), (MTIME, MTIME), follow_symlinks=False)
    os.utime(root, (MTIME, MTIME))


cases = {}

# --- small: a few files copied as a directory, then one file copied on its own.
rng = random.Random(4001)
small = os.path.join(out, "small")
for i, size in enumerate([2_000, 9_000, 31_000, 64_000, 120_000]):
    write(os.path.join(small, "conf", "part%d.txt" % i), text(rng, size))
write(os.path.join(small, "app.conf"), text(rng, 4_000))
write(os.path.join(small, "Dockerfile"), (
    "FROM %s\n"
    "COPY conf/ /etc/app/\n"
    "COPY app.conf /app/app.conf\n"
    'CMD ["cat", "/app/app.conf"]\n' % base).encode())
fix_times(small)
cases["small"] = {"files": 7, "bytes": sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(small) for f in fs),
                  "edit": "app.conf"}

# --- bigcontext: 20,000 files totalling 200 MB (10^6 bytes), nested 3 levels deep.
# Sizes: log-uniform 512 B..16 KB for most files, plus a few large files that carry the rest of the budget.
rng = random.Random(4002)
big = os.path.join(out, "bigcontext")
n_files, total = 20_000, 200_000_000
n_large = 20
sizes = [int(2 ** rng.uniform(9, 14)) for _ in range(n_files - n_large - 1)]  # -1: the Dockerfile
dockerfile = ("FROM %s\nCOPY . /app\n" % base).encode()
rest = total - sum(sizes) - len(dockerfile)
assert rest > n_large * 1_000_000, rest
large = [rest // n_large] * n_large
large[-1] += rest - sum(large)
block = text(rng, 8 << 20)
noise = rng.randbytes(8 << 20)
count = 0
for i, size in enumerate(sizes):
    d = os.path.join(big, "src", "m%02d" % (i // 1000), "p%02d" % (i // 50 % 20))
    src = noise if i % 5 == 0 else block  # about a fifth of the small files incompressible
    start = rng.randint(0, len(src) - size)
    write(os.path.join(d, "f%05d.%s" % (i, "bin" if i % 5 == 0 else "txt")), src[start:start + size])
for i, size in enumerate(large):
    path = os.path.join(big, "data", "blob%02d.%s" % (i, "bin" if i % 4 == 0 else "log"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        left = size
        while left > 0:
            k = min(left, len(block))
            src = noise if i % 4 == 0 else block
            start = rng.randint(0, len(src) - k)
            f.write(src[start:start + k])
            left -= k
write(os.path.join(big, "Dockerfile"), dockerfile)
fix_times(big)
files = sum(len(fs) for _, _, fs in os.walk(big))
size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(big) for f in fs)
cases["bigcontext"] = {"files": files, "bytes": size, "edit": "src/m07/p03/f07151.txt"}
assert os.path.exists(os.path.join(big, cases["bigcontext"]["edit"]))

with open(os.path.join(out, "CASES.json"), "w") as f:
    json.dump(cases, f, indent=1)
print(json.dumps(cases))
