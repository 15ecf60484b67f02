#!/usr/bin/env python3
"""Registry benchmark (issue #6): push and pull of a ~1 GB image of several layers to and from a local registry,
Kiln (`kiln push` / `kiln pull`, skipped while those commands are missing) against `docker push` / `docker pull`
and `skopeo copy`. Called by `bench/run --registry` after its setup (engine, base registry, base image).

The image: FROM the busybox base, four COPY layers of generated data (three of seeded PRNG bytes, one of text);
3 x 250 MiB + 250 MiB at full size, 3 x 40 + 40 MiB with --quick, 3 x 4 + 4 MiB with --smoke.
"""
import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import driver  # noqa: E402  (timed(), Registry, environment())

SIZES_MB = {"full": 250, "quick": 40, "smoke": 4}
RUNS = {"full": 3, "quick": 1, "smoke": 1}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def kiln_has(kiln, command):
    r = subprocess.run([kiln, command, "--help"], text=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return r.returncode == 0 and ("kiln " + command) in r.stdout


def make_context(ctx, mb, base):
    if os.path.exists(os.path.join(ctx, "Dockerfile")):
        return
    rng = random.Random(7101)
    words = b"layer digest registry blob manifest push pull upload chunk mount tag".split()
    for i in range(4):
        d = os.path.join(ctx, "l%d" % i)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "data.bin" if i < 3 else "data.txt"), "wb") as f:
            for _ in range(mb):
                f.write(rng.randbytes(1 << 20) if i < 3 else (b" ".join(rng.choices(words, k=200000)) + b"\n")[:1 << 20])
    with open(os.path.join(ctx, "Dockerfile"), "w") as f:
        f.write("FROM %s\n" % base + "".join("COPY l%d/ /l%d/\n" % (i, i) for i in range(4)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--mode", default="full")
    ap.add_argument("--runs", type=int, default=0)
    ap.add_argument("--kiln", required=True)
    ap.add_argument("--docker", default="/usr/bin/docker")
    ap.add_argument("--docker-host", dest="docker_host", required=True)
    ap.add_argument("--dockerd-pid", dest="dockerd_pid", type=int, default=0)
    ap.add_argument("--base", required=True)
    ap.add_argument("--push-port", dest="push_port", type=int, required=True)
    ap.add_argument("--skip", action="append", default=[])
    ap.add_argument("--out", required=True)
    cfg = ap.parse_args()
    cfg.buildah, cfg.buildah_driver = "buildah", "overlay"
    runs = cfg.runs or RUNS[cfg.mode]
    mb = SIZES_MB[cfg.mode]
    work = os.path.join(cfg.work, "registry-bench")
    os.makedirs(os.path.join(work, "logs"), exist_ok=True)
    denv = dict(os.environ, DOCKER_HOST=cfg.docker_host)
    docker = lambda *a: [cfg.docker, *a]  # noqa: E731
    skipped = dict(s.split("=", 1) for s in cfg.skip)
    if "buildkit" in skipped:
        raise SystemExit("registry benchmark: the Docker engine is needed to build the image: " + skipped["buildkit"])

    # The image, built once by docker and saved; every tool moves these same layers.
    ctx = os.path.join(work, "context-%s" % cfg.mode)
    make_context(ctx, mb, cfg.base)
    local = "kiln-bench/regimg:latest"
    remote = "127.0.0.1:%d/kiln-bench/regimg:latest" % cfg.push_port
    driver.sh(docker("build", "--network", "none", "-q", "-t", local, ctx), env=denv)
    archive = os.path.join(work, "image.tar")
    driver.sh(docker("save", "-o", archive, local), env=denv)
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(ctx) for f in fs)
    kstore = os.path.join(work, "kiln-store")
    kiln = lambda *a: [cfg.kiln, "--root", kstore, *a]  # noqa: E731
    has_push, has_pull = kiln_has(cfg.kiln, "push"), kiln_has(cfg.kiln, "pull")
    if has_push:
        shutil.rmtree(kstore, ignore_errors=True)
        driver.sh(kiln("load", "-q", "-i", archive))
        driver.sh(kiln("tag", local, remote))
    registry = driver.Registry("/usr/bin/docker-registry", cfg.push_port, work)
    pulled = os.path.join(work, "pulled")

    # Each tool: (name, prepare(), command, uses the daemon). Push: the registry is emptied before each run.
    push_tools = [
        ("docker push", lambda: driver.sh(docker("tag", local, remote), env=denv), docker("push", "-q", remote), True),
        ("skopeo copy docker-archive: docker://", lambda: None,
         ["skopeo", "copy", "-q", "--dest-tls-verify=false", "docker-archive:" + archive, "docker://" + remote], False),
        ("kiln push", lambda: None, kiln("push", remote), False) if has_push else ("kiln push", None, "n/a: kiln push missing", False),
    ]

    def docker_forget():
        # Both names: the image's layers leave the engine (only the busybox base layer stays, as it would on a client).
        driver.sh(docker("rmi", "-f", remote, local), check=False, env=denv)
        if local in driver.sh(docker("images", "--format", "{{.Repository}}:{{.Tag}}"), env=denv):
            raise RuntimeError("docker rmi left the image")

    def kiln_empty():
        shutil.rmtree(kstore + "-pull", ignore_errors=True)

    pull_tools = [
        ("docker pull", docker_forget, docker("pull", "-q", remote), True),
        ("skopeo copy docker:// dir:", lambda: shutil.rmtree(pulled, ignore_errors=True),
         ["skopeo", "copy", "-q", "--src-tls-verify=false", "docker://" + remote, "dir:" + pulled], False),
        ("kiln pull", kiln_empty, [cfg.kiln, "--root", kstore + "-pull", "pull", remote], False) if has_pull
        else ("kiln pull", None, "n/a: kiln pull missing", False),
    ]
    results = {"mode": cfg.mode, "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "load_start": os.getloadavg(),
               "image": {"what": "FROM busybox + 4 COPY layers: 3 x %d MiB PRNG bytes + %d MiB text (%.0f MB of files)" % (mb, mb, size / 1e6),
                         "bytes": size}, "ops": {}, "ratios": {}}
    cfg.kiln_bin = cfg.kiln
    results["env"] = driver.environment(cfg)
    try:
        for op, tools in (("push", push_tools), ("pull", pull_tools)):
            recs = {name: [] for name, _, _, _ in tools}
            errors = {name: cmd for name, prep, cmd, _ in tools if prep is None}
            if op == "pull":  # the registry holds the image for every pull
                registry.restart_empty()
                driver.sh(["skopeo", "copy", "-q", "--dest-tls-verify=false", "docker-archive:" + archive, "docker://" + remote])
            for i in range(runs):
                live = [t for t in tools if t[0] not in errors]
                for name, prep, cmd, daemon in live[i % len(live):] + live[:i % len(live)]:
                    if op == "push":
                        registry.restart_empty()
                    prep()
                    driver.sh("sync")
                    rec = driver.timed(cmd, denv, os.path.join(work, "logs", "%s-%s-%d.log" % (op, name.split()[0], i)),
                                       cfg.dockerd_pid if daemon else None)
                    if rec["rc"] != 0:
                        errors[name] = "failed (exit %d), see %s" % (rec["rc"], os.path.join(work, "logs"))
                        continue
                    recs[name].append(rec)
                    log("  %-5s %-40s run %d: wall %6.2fs cpu %6.2fs rss %5.0f MB" % (op, name, i, rec["wall"], rec["cpu"], rec["rss_mb"]))
            row = {}
            for name, _, _, _ in tools:
                row[name] = {"error": errors[name]} if name in errors else dict(driver.row_stats(recs[name]), runs=recs[name])
            results["ops"][op] = row
            # The target (issue #6) is against docker push / docker pull; the ratio to skopeo is reported beside it.
            k = next((n for n in row if n.startswith("kiln") and "wall" in row[n]), None)
            if k:
                results["ratios"][op] = {n: row[k]["wall"] / row[n]["wall"] for n in row if not n.startswith("kiln") and "wall" in row[n]}
    finally:
        registry.stop()
        docker_forget()
    results["load_end"] = os.getloadavg()
    with open(cfg.out, "w") as f:
        json.dump(results, f, indent=1)
    log("wrote " + cfg.out)


if __name__ == "__main__":
    main()
