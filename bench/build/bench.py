#!/usr/bin/env python3
"""Timed part of the build benchmark (issue #4): Kiln, BuildKit (docker build) and Buildah on the same cases.

Called by bench/build/run after the setup (tools, engines, base image, contexts). For every case and scenario it
runs each builder several times, alternating the order of the builders from run to run, and records per run:

  wall   seconds from spawn to exit of the builder's client process
  cpu    user + sys seconds of the client process tree (wait4 rusage, includes reaped children), plus for
         docker the CPU the daemon tree (dockerd, containerd) used during the run (/proc/PID/stat deltas)
  rss    peak resident memory in MB: max RSS of the client tree; for docker plus the daemon's VmHWM, reset
         before each run through /proc/PID/clear_refs

and writes medians and Kiln / best-peer ratios to a JSON file.
"""
import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")
BUILDERS = ["kiln", "buildkit", "buildah"]
SCENARIOS = ["cold", "nochange", "edit"]
# Targets from the later benchmark issue: Kiln / best peer, wall time.
TARGETS = {"cold": 0.8, "nochange": 0.35, "edit": 0.5}
BIGCONTEXT_TARGET = 0.5  # "20k-file context <= 0.5x"


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def sh(cmd, check=True, env=None, quiet=True):
    r = subprocess.run(cmd, shell=isinstance(cmd, str), env=env, text=True,
                       stdout=subprocess.PIPE if quiet else None, stderr=subprocess.STDOUT if quiet else None)
    if check and r.returncode != 0:
        raise RuntimeError("command failed (%d): %s\n%s" % (r.returncode, cmd, r.stdout))
    return r.stdout or ""


def proc_tree(pid):
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        try:
            for task in os.listdir("/proc/%d/task" % p):
                with open("/proc/%d/task/%s/children" % (p, task)) as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return pids


def cpu_ticks(pids):
    total = 0
    for p in pids:
        try:
            with open("/proc/%d/stat" % p) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            # fields[0] is field 3 (state): utime=14, stime=15, cutime=16, cstime=17
            total += sum(int(x) for x in fields[11:15])
        except OSError:
            pass
    return total


def vm_hwm_kb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def reset_hwm(pid):
    try:
        with open("/proc/%d/clear_refs" % pid, "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


class Builder:
    name = ""
    daemon_pid = None

    def __init__(self, cfg):
        self.cfg = cfg
        self.env = dict(os.environ)

    def tag(self, case):
        return "kiln-bench/%s:latest" % case

    def build_cmd(self, case, ctx):
        raise NotImplementedError

    def make_cold(self, case):
        raise NotImplementedError

    def check_image(self, case):
        raise NotImplementedError

    def cleanup(self, case):
        self.make_cold(case)


class Kiln(Builder):
    name = "kiln"

    def store(self, case):
        return os.path.join(self.cfg.work, "kiln-store-" + case)

    def build_cmd(self, case, ctx):
        return [self.cfg.kiln, "--root", self.store(case), "build", "--progress=plain", "-t", self.tag(case), ctx]

    def make_cold(self, case):
        # A fresh copy of the store that holds only the imported base: no cache records, no snapshots.
        shutil.rmtree(self.store(case), ignore_errors=True)
        sh(["cp", "-a", self.cfg.kiln_template, self.store(case)])

    def check_image(self, case):
        out = sh([self.cfg.kiln, "--root", self.store(case), "inspect", self.tag(case)], check=False)
        return '"Id": "sha256:' in out

    def cleanup(self, case):
        shutil.rmtree(self.store(case), ignore_errors=True)


class BuildKit(Builder):
    name = "buildkit"

    def __init__(self, cfg):
        super().__init__(cfg)
        self.env["DOCKER_HOST"] = cfg.docker_host
        self.env["DOCKER_BUILDKIT"] = "1"
        self.daemon_pid = cfg.dockerd_pid

    def docker(self, *args):
        return [self.cfg.docker, *args]

    def build_cmd(self, case, ctx):
        return self.docker("build", "--network", "none", "--progress=plain", "-t", self.tag(case), ctx)

    def make_cold(self, case):
        sh(self.docker("rmi", "-f", self.tag(case)), check=False, env=self.env)
        sh(self.docker("builder", "prune", "-af"), env=self.env)

    def check_image(self, case):
        return sh(self.docker("image", "inspect", "-f", "{{.Id}}", self.tag(case)), check=False, env=self.env).startswith("sha256:")


class Buildah(Builder):
    name = "buildah"

    case = ""

    def ba(self, *args):
        return [self.cfg.buildah, "--root", os.path.join(self.cfg.buildah_root, self.case),
                "--runroot", os.path.join(self.cfg.buildah_runroot, self.case), "--storage-driver", self.cfg.buildah_driver, *args]

    def build_cmd(self, case, ctx):
        self.case = case
        return self.ba("bud", "--layers", "--isolation", "chroot", "--pull-never", "-t", self.tag(case), ctx)

    def make_cold(self, case):
        # Remove every image but the base: the tagged result and the intermediate (cache) images of --layers.
        self.case = case
        sh(self.ba("rm", "--all"), check=False)
        base_id = sh(self.ba("images", "-q", "--no-trunc", self.cfg.base_ref)).strip()
        for _ in range(10):
            ids = [i for i in sh(self.ba("images", "-a", "-q", "--no-trunc")).split() if i != base_id]
            if not ids:
                return
            sh(self.ba("rmi", "-f", *sorted(set(ids))), check=False)
        raise RuntimeError("buildah: could not empty the cache")

    def check_image(self, case):
        self.case = case
        return sh(self.ba("images", "-q", self.tag(case)), check=False).strip() != ""

    def cleanup(self, case):
        # Deleting the case's whole storage root is much faster than `buildah rmi` of each 20k-file layer; bench/build/run
        # pulls the base into a fresh root at the start of every invocation. Only when nothing is mounted below it.
        self.case = case
        sh(self.ba("rm", "--all"), check=False)
        root = os.path.join(self.cfg.buildah_root, case)
        runroot = os.path.join(self.cfg.buildah_runroot, case)
        with open("/proc/self/mounts") as f:
            mounted = [l.split()[1] for l in f if l.split()[1].startswith((root + "/", runroot + "/"))]
        if mounted:
            log("  buildah: %d mounts left below %s, emptying with rmi instead" % (len(mounted), root))
            self.make_cold(case)
            return
        shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(runroot, ignore_errors=True)


def timed(builder, case, ctx, logpath):
    daemon_pids = proc_tree(builder.daemon_pid) if builder.daemon_pid else []
    if builder.daemon_pid:
        reset_hwm(builder.daemon_pid)
    d0 = cpu_ticks(daemon_pids)
    load = os.getloadavg()[0]
    with open(logpath, "w") as out:
        t0 = time.perf_counter()
        p = subprocess.Popen(builder.build_cmd(case, ctx), env=builder.env, stdout=out, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    d1 = cpu_ticks(daemon_pids)
    rec = {
        "wall": wall,
        "cpu_client": ru.ru_utime + ru.ru_stime,
        "rss_client_mb": ru.ru_maxrss / 1024,
        "load1": load,
        "rc": p.returncode,
    }
    if builder.daemon_pid:
        rec["cpu_daemon"] = (d1 - d0) / CLK_TCK
        rec["rss_daemon_mb"] = vm_hwm_kb(builder.daemon_pid) / 1024
    rec["cpu"] = rec["cpu_client"] + rec.get("cpu_daemon", 0.0)
    rec["rss_mb"] = rec["rss_client_mb"] + rec.get("rss_daemon_mb", 0.0)
    return rec


class Editor:
    """Changes one byte of one file to a value this run has not used before, so every edit is a cache miss."""
    ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    OFFSET = 10

    def __init__(self, path):
        self.path = path
        with open(path, "rb") as f:
            f.seek(self.OFFSET)
            self.original = f.read(1)
        self.values = [bytes([c]) for c in self.ALPHABET if bytes([c]) != self.original]
        self.next = 0

    def _write(self, value):
        with open(self.path, "r+b") as f:
            f.seek(self.OFFSET)
            f.write(value)

    def edit(self):
        if self.next >= len(self.values):
            raise RuntimeError("too many edits for one run")
        self._write(self.values[self.next])
        self.next += 1

    def restore(self):
        self._write(self.original)
        os.utime(self.path, (1700000000, 1700000000))


def environment(cfg):
    def out(cmd, env=None):
        try:
            return subprocess.run(cmd, text=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env).stdout.strip()
        except OSError:
            return "?"
    denv = dict(os.environ, DOCKER_HOST=cfg.docker_host)
    lscpu = out(["lscpu"])
    return {
        "cpu_model": next((l.split(":", 1)[1].strip() for l in lscpu.splitlines() if l.startswith("Model name")), "?"),
        "cpus": os.cpu_count(),
        "mem_gb": next((int(l.split()[1]) / 1024 / 1024 for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0),
        "os": next((l.split("=", 1)[1].strip().strip('"') for l in open("/etc/os-release") if l.startswith("PRETTY_NAME")), "?"),
        "kernel": platform.release(),
        "kiln": out([cfg.kiln, "--version"]),
        "docker": out([cfg.docker, "version", "--format", "client {{.Client.Version}}, engine {{.Server.Version}}"], denv),
        "docker_driver": out([cfg.docker, "info", "--format", "{{.Driver}}"], denv),
        "buildah": out([cfg.buildah, "--version"]),
        "buildah_driver": cfg.buildah_driver,
        "runc": (out(["runc", "--version"]).splitlines() or ["?"])[0],
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--contexts", required=True)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--runs-big", dest="runs_big", type=int, default=5, help="runs for bigcontext (each takes seconds)")
    ap.add_argument("--cases", default="small,bigcontext")
    ap.add_argument("--builders", default=",".join(BUILDERS))
    ap.add_argument("--kiln", required=True)
    ap.add_argument("--kiln-template", dest="kiln_template", required=True)
    ap.add_argument("--docker", default="/usr/bin/docker")
    ap.add_argument("--docker-host", dest="docker_host", default="")
    ap.add_argument("--dockerd-pid", dest="dockerd_pid", type=int, default=0)
    ap.add_argument("--buildah", default="buildah")
    ap.add_argument("--buildah-root", dest="buildah_root", default="")
    ap.add_argument("--buildah-runroot", dest="buildah_runroot", default="")
    ap.add_argument("--buildah-driver", dest="buildah_driver", default="overlay")
    ap.add_argument("--base-ref", dest="base_ref", default="kiln-bench/busybox:latest")
    ap.add_argument("--skip", action="append", default=[], help="BUILDER=reason: record the reason instead of running")
    ap.add_argument("--out", required=True)
    cfg = ap.parse_args()

    with open(os.path.join(cfg.contexts, "CASES.json")) as f:
        cases_info = json.load(f)
    skipped = dict(s.split("=", 1) for s in cfg.skip)
    classes = {"kiln": Kiln, "buildkit": BuildKit, "buildah": Buildah}
    builders = [classes[b](cfg) for b in cfg.builders.split(",") if b not in skipped]
    logs = os.path.join(cfg.work, "logs")
    os.makedirs(logs, exist_ok=True)

    results = {"runs_per_scenario": {"small": cfg.runs, "bigcontext": cfg.runs_big}, "cases": {}, "skipped": skipped,
               "load_start": os.getloadavg(), "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    results["env"] = environment(cfg)
    t_start = time.time()
    for case in cfg.cases.split(","):
        n_runs = cfg.runs_big if case == "bigcontext" else cfg.runs
        ctx = os.path.join(cfg.contexts, case)
        editor = Editor(os.path.join(ctx, cases_info[case]["edit"]))
        editor.restore()
        failed = {}  # builder -> reason
        runs = {s: {b.name: [] for b in builders} for s in SCENARIOS}

        def run_one(b, scenario, i):
            if b.name in failed:
                return
            logpath = os.path.join(logs, "%s-%s-%s-%d.log" % (case, scenario, b.name, i))
            t_prep = time.perf_counter()
            try:
                if scenario == "cold":
                    b.make_cold(case)
                elif scenario == "edit":
                    editor.edit()
                sh("sync")
                prep = time.perf_counter() - t_prep
                rec = timed(b, case, ctx, logpath)
                rec["prep"] = prep
            except Exception as e:  # environmental failure: record why, stop timing this builder for the case
                failed[b.name] = "%s %s run %d: %s" % (case, scenario, i, str(e).strip()[-600:])
                log("  %s FAILED: %s" % (b.name, failed[b.name]))
                return
            if rec["rc"] != 0 or not b.check_image(case):
                with open(logpath) as f:
                    tail = f.read()[-800:]
                failed[b.name] = "%s %s run %d: exit %d, log %s: ...%s" % (case, scenario, i, rec["rc"], logpath, tail)
                log("  %s FAILED (exit %d), see %s" % (b.name, rec["rc"], logpath))
                return
            runs[scenario][b.name].append(rec)
            log("  %-8s %-9s %-8s run %d: wall %6.2fs  cpu %6.2fs  rss %6.0f MB  (load %.1f, prep %.1fs)" % (
                case, scenario, b.name, i, rec["wall"], rec["cpu"], rec["rss_mb"], rec["load1"], rec["prep"]))

        for scenario in SCENARIOS:
            log("== %s / %s" % (case, scenario))
            if scenario == "nochange":
                # Every builder must have built exactly the current context before the timed rebuilds. The cold runs
                # did (they leave the context as generated); a builder without a cold run gets one untimed build.
                editor.restore()
                for b in builders:
                    if b.name not in failed and not runs["cold"][b.name]:
                        sh("sync")
                        timed(b, case, ctx, os.path.join(logs, "%s-warm-%s.log" % (case, b.name)))
            for i in range(n_runs):
                order = builders[i % len(builders):] + builders[:i % len(builders)]
                for b in order:
                    run_one(b, scenario, i)
        editor.restore()
        # Leave the stores as empty as the cold runs found them: frees the disk, and the next invocation's first cold
        # preparation does not have to delete this one's layers.
        t_clean = time.perf_counter()
        spent = []
        for b in builders:
            t_b = time.perf_counter()
            try:
                b.cleanup(case)
            except Exception as e:
                log("  %s: cleanup failed: %s" % (b.name, e))
            spent.append("%s %.1fs" % (b.name, time.perf_counter() - t_b))
        log("  cleanup %.1fs (%s)" % (time.perf_counter() - t_clean, ", ".join(spent)))

        summary = {}
        for scenario in SCENARIOS:
            row = {}
            for b in builders:
                rs = runs[scenario][b.name]
                if b.name in failed and len(rs) < n_runs:
                    row[b.name] = {"error": failed[b.name], "n": len(rs)}
                    continue
                row[b.name] = {
                    "n": len(rs),
                    "wall": statistics.median(r["wall"] for r in rs),
                    "wall_min": min(r["wall"] for r in rs),
                    "wall_max": max(r["wall"] for r in rs),
                    "cpu": statistics.median(r["cpu"] for r in rs),
                    "rss_mb": statistics.median(r["rss_mb"] for r in rs),
                    "load1": statistics.mean(r["load1"] for r in rs),
                }
                if "cpu_daemon" in rs[0]:
                    row[b.name]["cpu_client"] = statistics.median(r["cpu_client"] for r in rs)
                    row[b.name]["cpu_daemon"] = statistics.median(r["cpu_daemon"] for r in rs)
                    row[b.name]["rss_client_mb"] = statistics.median(r["rss_client_mb"] for r in rs)
                    row[b.name]["rss_daemon_mb"] = statistics.median(r["rss_daemon_mb"] for r in rs)
            for b in skipped:
                row[b] = {"error": "skipped: " + skipped[b], "n": 0}
            peers = [p for p in ("buildkit", "buildah") if p in row and "wall" in row[p]]
            ratios = {}
            if "kiln" in row and "wall" in row["kiln"] and peers:
                for metric in ("wall", "cpu", "rss_mb"):
                    best = min(peers, key=lambda p: row[p][metric])
                    ratios[metric] = {"ratio": row["kiln"][metric] / row[best][metric], "best_peer": best}
            target = TARGETS[scenario] if case != "bigcontext" else min(TARGETS[scenario], BIGCONTEXT_TARGET)
            summary[scenario] = {"builders": row, "ratio": ratios, "target_wall_ratio": target,
                                 "runs": {k: v for k, v in runs[scenario].items()}}
        results["cases"][case] = {"info": cases_info[case], "scenarios": summary}
    results["load_end"] = os.getloadavg()
    results["seconds"] = time.time() - t_start
    with open(cfg.out, "w") as f:
        json.dump(results, f, indent=1)
    log("wrote %s (%.0f s)" % (cfg.out, results["seconds"]))


if __name__ == "__main__":
    main()
