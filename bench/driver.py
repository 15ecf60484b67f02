#!/usr/bin/env python3
"""Timed part of the benchmark driver (issue #7): Kiln, BuildKit (docker build) and Buildah on bench/cases.

Called by bench/run after the setup (tools, engine, local registry with the bases, every builder's store holding
the bases, generated contexts). For every case and scenario it runs each builder several times, rotating which
builder goes first from run to run, and records per run:

  wall   seconds from spawn to exit of the timed client process
  cpu    user + sys seconds of the client process tree (wait4 rusage, includes reaped children), plus for
         docker the CPU the daemon tree (dockerd, containerd, shims) used during the run (/proc/PID/stat deltas)
  rss    peak resident memory in MB: max RSS of the client tree; for docker plus the daemon's VmHWM, reset
         before each run through /proc/PID/clear_refs

Scenarios: cold (cache empty, base present), nochange (rebuild of the same context), edit (one byte of one file
changed), export (the built image from the store to a docker-archive tar), push (the built image to an empty local
registry). The multistage case also times Kiln building each independent stage alone (--target, cold), and the
bigfiles case times `tar | pigz -6` and `tar | zstd -T0 -3` over the same files. Writes medians, Kiln / best-peer
ratios and targets to a JSON file (report.py renders it).
"""
import argparse
import json
import os
import platform
import shutil
import stat
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

CLK_TCK = os.sysconf("SC_CLK_TCK")
BUILDERS = ["kiln", "buildkit", "buildah"]
SCENARIOS = ["cold", "nochange", "edit", "export", "push"]
BUILD_SCENARIOS = {"cold", "nochange", "edit"}
# Targets (issue #7), Kiln / best peer, wall time. bigcontext: 0.5x in every build scenario.
TARGETS = {"cold": 0.8, "nochange": 0.35, "edit": 0.5, "export": None, "push": 0.7}
RSS_TARGET_MB = 200


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def sh(cmd, check=True, env=None):
    r = subprocess.run(cmd, shell=isinstance(cmd, str), env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if check and r.returncode != 0:
        raise RuntimeError("command failed (%d): %s\n%s" % (r.returncode, cmd, r.stdout[-2000:]))
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
            total += sum(int(x) for x in fields[11:15])  # utime, stime, cutime, cstime
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
    except OSError:
        pass


class Registry:
    """The push target: a docker-registry on 127.0.0.1:PORT emptied (stopped, data deleted, restarted) before each push."""

    def __init__(self, binary, port, work):
        self.binary, self.port, self.dir = binary, port, os.path.join(work, "push-registry")
        self.proc = None

    def restart_empty(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir)
        cfg = os.path.join(self.dir, "config.yml")
        with open(cfg, "w") as f:
            f.write("version: 0.1\nlog: {level: warn}\nstorage:\n  filesystem: {rootdirectory: %s/data}\n"
                    "  delete: {enabled: true}\nhttp:\n  addr: 127.0.0.1:%d\n" % (self.dir, self.port))
        self.proc = subprocess.Popen([self.binary, "serve", cfg], stdout=open(os.path.join(self.dir, "log"), "w"),
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        for _ in range(100):
            try:
                urllib.request.urlopen("http://127.0.0.1:%d/v2/" % self.port, timeout=1).read()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("push registry on port %d did not start" % self.port)

    def stop(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait()
            self.proc = None


class Builder:
    name = ""
    daemon_pid = None

    def __init__(self, cfg):
        self.cfg = cfg
        self.env = dict(os.environ)

    def tag(self, case):
        return "kiln-bench/%s:latest" % case

    def remote(self, case):
        return "127.0.0.1:%d/kiln-bench/%s-%s:latest" % (self.cfg.push_port, case, self.name)

    def push_missing(self):
        return None  # a reason when this builder cannot push

    def push_prepare(self, case):
        pass

    def client_binary(self):
        return None  # the executable each run starts (read back into the page cache by settle)

    def state_dirs(self, case):
        return []  # where the builder keeps images and cache for the case (read back by settle)


class Kiln(Builder):
    name = "kiln"

    def client_binary(self):
        return self.cfg.kiln

    def state_dirs(self, case):
        return [self.store(case)]

    def store(self, case):
        return os.path.join(self.cfg.work, "kiln-store-" + case)

    def k(self, case, *args):
        return [self.cfg.kiln, "--root", self.store(case), *args]

    def build_cmd(self, case, ctx, target=None, network=None):
        # Kiln's RUN steps use the host network; it has no --network option to pass.
        return self.k(case, "build", "--progress=rawjson", "-t", self.tag(case), *(["--target", target] if target else []), ctx)

    def make_cold(self, case):
        # A fresh copy of a store that holds only the base (imported or pulled by bench/run): no cache, no snapshots.
        shutil.rmtree(self.store(case), ignore_errors=True)
        sh(["cp", "-a", self.cfg.kiln_template + "-" + self.cfg.case_base[case], self.store(case)])

    def check_image(self, case):
        return '"Id": "sha256:' in sh(self.k(case, "inspect", self.tag(case)), check=False)

    def export_cmd(self, case, dest):
        return self.k(case, "save", "-o", dest, self.tag(case))

    def push_missing(self):
        # An unknown command's --help prints the top-level help with exit 0: check that the usage names the command.
        r = subprocess.run([self.cfg.kiln, "push", "--help"], text=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        if r.returncode != 0 or "kiln push" not in r.stdout:
            return "kiln push missing"
        return None

    def push_prepare(self, case):
        sh(self.k(case, "tag", self.tag(case), self.remote(case)))

    def push_cmd(self, case):
        # Untested: written before `kiln push` existed in this tree. Adjust the flags here once it lands.
        return self.k(case, "push", self.remote(case))

    def cleanup(self, case):
        shutil.rmtree(self.store(case), ignore_errors=True)


class BuildKit(Builder):
    name = "buildkit"

    def client_binary(self):
        return shutil.which(self.cfg.docker) or self.cfg.docker

    def state_dirs(self, case):
        return [os.path.join(os.environ.get("KILN_TEST_DOCKER_DIR", "/var/lib/kiln-bench/docker"), "data")]

    def __init__(self, cfg):
        super().__init__(cfg)
        self.env["DOCKER_HOST"] = cfg.docker_host
        self.env["DOCKER_BUILDKIT"] = "1"
        self.daemon_pid = cfg.dockerd_pid

    def d(self, *args):
        return [self.cfg.docker, *args]

    def build_cmd(self, case, ctx, target=None, network=None):
        return self.d("build", "--network", network or "none", "--progress=plain", "-t", self.tag(case),
                      *(["--target", target] if target else []), ctx)

    def make_cold(self, case):
        sh(self.d("rmi", "-f", self.tag(case)), check=False, env=self.env)
        # Every rebuild under the same tag leaves the previous image dangling (not BuildKit's cache, which the prune
        # below empties). Left there, they piled up to 13 GB over a few runs of the driver, and settle() read all of it
        # back before each BuildKit run (25 s of prep per run).
        sh(self.d("image", "prune", "-f"), check=False, env=self.env)
        sh(self.d("builder", "prune", "-af"), env=self.env)

    def check_image(self, case):
        return sh(self.d("image", "inspect", "-f", "{{.Id}}", self.tag(case)), check=False, env=self.env).startswith("sha256:")

    def export_cmd(self, case, dest):
        return self.d("save", "-o", dest, self.tag(case))

    def push_prepare(self, case):
        sh(self.d("tag", self.tag(case), self.remote(case)), env=self.env)

    def push_cmd(self, case):
        return self.d("push", "-q", self.remote(case))

    def cleanup(self, case):
        sh(self.d("rmi", "-f", self.tag(case), self.remote(case)), check=False, env=self.env)
        self.make_cold(case)


class Buildah(Builder):
    name = "buildah"

    def client_binary(self):
        return shutil.which(self.cfg.buildah) or self.cfg.buildah

    def state_dirs(self, case):
        return [os.path.join(self.cfg.buildah_root, case)]

    def ba(self, case, *args):
        return [self.cfg.buildah, "--root", os.path.join(self.cfg.buildah_root, case),
                "--runroot", os.path.join(self.cfg.buildah_runroot, case), "--storage-driver", self.cfg.buildah_driver, *args]

    def build_cmd(self, case, ctx, target=None, network=None):
        return self.ba(case, "bud", "--layers", "--isolation", "chroot", "--pull-never", *(["--network", network] if network else []),
                       "-t", self.tag(case), *(["--target", target] if target else []), ctx)

    def make_cold(self, case):
        # Remove every image but the base: the tagged result and the intermediate (cache) images of --layers.
        sh(self.ba(case, "rm", "--all"), check=False)
        base_id = sh(self.ba(case, "images", "-q", "--no-trunc", self.cfg.base_refs[self.cfg.case_base[case]])).strip()
        for _ in range(10):
            ids = [i for i in sh(self.ba(case, "images", "-a", "-q", "--no-trunc")).split() if i != base_id]
            if not ids:
                return
            sh(self.ba(case, "rmi", "-f", *sorted(set(ids))), check=False)
        raise RuntimeError("buildah: could not empty the cache")

    def check_image(self, case):
        return sh(self.ba(case, "images", "-q", self.tag(case)), check=False).strip() != ""

    def export_cmd(self, case, dest):
        return self.ba(case, "push", "-q", self.tag(case), "docker-archive:%s:%s" % (dest, self.tag(case)))

    def push_cmd(self, case):
        return self.ba(case, "push", "-q", "--tls-verify=false", self.tag(case), "docker://" + self.remote(case))

    def cleanup(self, case):
        # Deleting the case's storage root is much faster than rmi of many layers; bench/run pulls the base into a
        # fresh root at the start of every invocation. Only when nothing is mounted below it.
        sh(self.ba(case, "rm", "--all"), check=False)
        root = os.path.join(self.cfg.buildah_root, case)
        runroot = os.path.join(self.cfg.buildah_runroot, case)
        with open("/proc/self/mounts") as f:
            if any(l.split()[1].startswith((root + "/", runroot + "/")) for l in f):
                self.make_cold(case)
                return
        shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(runroot, ignore_errors=True)


def timed(cmd, env, logpath, daemon_pid=None):
    daemon_pids = proc_tree(daemon_pid) if daemon_pid else []
    if daemon_pid:
        reset_hwm(daemon_pid)
    d0 = cpu_ticks(daemon_pids)
    load = os.getloadavg()[0]
    with open(logpath, "w") as out:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        # The client process's own peak (VmHWM, sampled every 20 ms until it exits): ru_maxrss below is the largest
        # process of the whole tree, which for a RUN step can be the step's own program (apt, sh) rather than the builder.
        hwm = [0]
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                hwm[0] = max(hwm[0], vm_hwm_kb(p.pid))
                stop.wait(0.02)
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        stop.set()
        sampler.join()
    rec = {"wall": wall, "cpu_client": ru.ru_utime + ru.ru_stime, "rss_client_mb": ru.ru_maxrss / 1024, "rss_self_mb": hwm[0] / 1024, "load1": load,
           "rc": os.waitstatus_to_exitcode(status)}
    if daemon_pid:
        # Children started during the run (containerd shims of RUN steps) are counted when still alive at the end.
        rec["cpu_daemon"] = (cpu_ticks(proc_tree(daemon_pid)) - d0) / CLK_TCK
        rec["rss_daemon_mb"] = vm_hwm_kb(daemon_pid) / 1024
    rec["cpu"] = rec["cpu_client"] + rec.get("cpu_daemon", 0.0)
    rec["rss_mb"] = rec["rss_client_mb"] + rec.get("rss_daemon_mb", 0.0)
    return rec


def kiln_steps(logpath):
    """Step names and durations from a `--progress=rawjson` log (non-cached steps only)."""
    names, steps = {}, []
    with open(logpath, errors="replace") as f:
        for line in f:
            if not line.startswith("{"):
                continue
            try:
                e = json.loads(line)
            except ValueError:
                continue
            if e.get("type") == "started":
                names[e["id"]] = e.get("name")
            elif e.get("type") == "completed" and not e.get("cached"):
                steps.append({"name": names.get(e["id"], "?"), "seconds": e.get("duration_seconds")})
    return steps


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
        self._write(self.values[self.next % len(self.values)])
        self.next += 1

    def restore(self):
        self._write(self.original)
        os.utime(self.path, (1700000000, 1700000000))


def shared_libraries(binary):
    """The shared libraries a client loads: what ldd lists, and OpenSSL (which .NET opens at run time for SHA-256)."""
    libs = []
    if binary:
        out = subprocess.run(["ldd", binary], text=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
        libs += [part for line in out.splitlines() for part in line.split() if part.startswith("/")]
    out = subprocess.run(["ldconfig", "-p"], text=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
    libs += [line.split("=>")[-1].strip() for line in out.splitlines() if "libssl.so.3 " in line or "libcrypto.so.3 " in line]
    return libs


def settle(ctx, builder, case):
    """Before a timed cold or edit build (the scenarios that create files): drop the clean page cache, then read the
    context, the builder's client and its state back in.

    ext4 will not reuse an inode freed while its inode-table block is still in the buffer cache and dirty: right after
    a store or a builder cache with 20,000 files was deleted (every cold run starts that way), creating files scans
    through those inodes, and a plain `cp -a` of the bigcontext context took 10-13 s instead of 1.1 s (perf: ext4's
    recently_deleted). Dropping the (synced, clean) page cache lets the buffer cache forget those blocks. The context,
    the client binary and the builder's own state (Kiln's store, Docker's data root, Buildah's storage) are then read
    back, so every builder starts as warm as it was, files and all: only the ext4 artefact is gone. Mapped pages (the
    running dockerd and containerd) are not dropped. Untimed; the same for every builder."""
    client = [p for p in (builder.client_binary(),) if p] + shared_libraries(builder.client_binary())
    drop_and_read_back([ctx, *builder.state_dirs(case)], client)


def drop_and_read_back(tops, paths=()):
    """Drops the clean page cache, then reads every regular file below `tops` (and `paths`) back in."""
    try:
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("1\n")
    except OSError:
        return
    paths = list(paths)
    for top in tops:
        for root, _, files in os.walk(top):
            paths.extend(os.path.join(root, name) for name in files)
    for path in paths:
        try:
            if not stat.S_ISREG(os.lstat(path).st_mode):
                continue  # never open a fifo or a device node (overlay whiteouts are 0/0 character devices)
            with open(path, "rb") as f:
                while f.read(1 << 20):
                    pass
        except OSError:
            pass


def summarize(rs, key):
    vals = [r[key] for r in rs if key in r]
    return statistics.median(vals) if vals else None


def row_stats(rs):
    s = {"n": len(rs)}
    for k in ("wall", "cpu", "rss_mb", "rss_self_mb", "cpu_client", "cpu_daemon", "rss_client_mb", "rss_daemon_mb", "load1"):
        v = summarize(rs, k)
        if v is not None:
            s[k] = v
    s["wall_min"], s["wall_max"] = min(r["wall"] for r in rs), max(r["wall"] for r in rs)
    return s


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
        "skopeo": out(["skopeo", "--version"]),
        "registry": out(["dpkg-query", "-W", "-f", "docker-registry ${Version}", "docker-registry"]),
        "runc": (out(["runc", "--version"]).splitlines() or ["?"])[0],
        "crun": (out(["crun", "--version"]).splitlines() or ["?"])[0],
        "pigz": out(["pigz", "--version"]),
        "zstd": out(["zstd", "--version"]),
    }


def compress_reference(ctx, layer_dir, logs, i):
    """`tar | pigz -6` and `tar | zstd -T0 -3` of the files the COPY step layers, output discarded."""
    recs = {}
    for name, comp in (("tar|pigz -6", "pigz -6"), ("tar|zstd -T0 -3", "zstd -q -T0 -3")):
        cmd = ["bash", "-o", "pipefail", "-c", "tar -C %s -cf - %s | %s > /dev/null" % (ctx, layer_dir, comp)]
        sh("sync")
        recs[name] = timed(cmd, None, os.path.join(logs, "bigfiles-reference-%s-%d.log" % (comp.split()[0], i)))
    return recs


def run_commands(dockerfile):
    """The shell-form RUN commands of a case's Dockerfile (the bench cases keep each RUN on one line)."""
    with open(dockerfile) as f:
        return [line[4:].strip() for line in f if line.startswith("RUN ")]


def chroot_floor(rootfs_tar, commands, work, logpath, files=(), workdir="/"):
    """The case's RUN commands in a plain chroot of the base's rootfs: no builder, no container, no overlay, no layer.
    What any builder's build of the case can at best approach. Setup (a fresh rootfs, `files` copied in as the case's
    COPY before its RUN does, the host's resolv.conf, /proc and /dev, the page-cache settle that the builders' cold runs
    get) is untimed; the timed part is `chroot ... sh -c` of the commands in `workdir`, with the environment a
    container would have."""
    root = os.path.join(work, "floor-rootfs")
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    sh(["tar", "-xf", rootfs_tar, "-C", root, "--numeric-owner"])
    for src, dest in files:
        target = os.path.join(root, dest.lstrip("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(src, target)
    os.makedirs(os.path.join(root, "etc"), exist_ok=True)
    shutil.copyfile("/etc/resolv.conf", os.path.join(root, "etc", "resolv.conf"))
    sh("sync")
    drop_and_read_back([root])
    sh(["mount", "-t", "proc", "proc", os.path.join(root, "proc")])
    sh(["mount", "--rbind", "/dev", os.path.join(root, "dev")])
    try:
        env = ["env", "-i", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root"]
        script = " && ".join(["cd %s" % workdir] + ["(%s)" % c for c in commands])
        return timed([*env, "chroot", root, "/bin/sh", "-c", script], None, logpath)
    finally:
        sh(["umount", "-l", os.path.join(root, "dev")], check=False)
        sh(["umount", "-l", os.path.join(root, "proc")], check=False)
        shutil.rmtree(root, ignore_errors=True)


def floor_of(cfg, case, ctx):
    """(rootfs tar, RUN commands) for the cases timed against a plain chroot: `apt` (Debian) and `nodelike` (busybox)."""
    rootfs = {"apt": cfg.floor_rootfs, "nodelike": cfg.floor_rootfs_busybox}.get(case)
    return (rootfs, run_commands(os.path.join(ctx, "Dockerfile"))) if rootfs else None


def floor_files(case, ctx):
    """What the case's Dockerfile puts in place before its RUN: nodelike's COPY of the manifest and install script to
    its WORKDIR /app."""
    if case == "nodelike":
        names = ("package.json", "package-lock.json", "install.sh")
        return {"files": [(os.path.join(ctx, n), "/app/" + n) for n in names], "workdir": "/app"}
    return {}


def parallel_floor(rootfs_tar, commands, work, logs, i):
    """The multistage case's RUN commands (CPU-bound loops) as plain processes in a chroot of the busybox rootfs: each
    alone, then all at once. No builder, no container. Their ratio is the machine's own slowdown when two CPU-bound
    programs share its cores (SMT siblings, host contention): the part of "longest stage + 10%" no builder controls."""
    root = os.path.join(work, "floor-parallel")
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    sh(["tar", "-xf", rootfs_tar, "-C", root, "--numeric-owner"])
    try:
        argv = [["env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "chroot", root, "/bin/sh", "-c", c] for c in commands]
        alone = [timed(a, None, os.path.join(logs, "multistage-floor-alone-%d-%d.log" % (n, i)))["wall"] for n, a in enumerate(argv)]
        t0 = time.perf_counter()
        procs = [subprocess.Popen(a, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for a in argv]
        rcs = [p.wait() for p in procs]
        return {"alone": alone, "together": time.perf_counter() - t0, "rc": max(rcs)}
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--contexts", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--runs-big", dest="runs_big", type=int, default=3, help="runs for bigcontext, bigfiles and apt")
    ap.add_argument("--cases", default="onefile,multistage,bigcontext,bigfiles,steps30,apt,nodelike")
    ap.add_argument("--scenarios", default=",".join(SCENARIOS))
    ap.add_argument("--builders", default=",".join(BUILDERS))
    ap.add_argument("--kiln", required=True)
    ap.add_argument("--kiln-template", dest="kiln_template", required=True, help="prefix: PREFIX-busybox, PREFIX-debian")
    ap.add_argument("--docker", default="/usr/bin/docker")
    ap.add_argument("--docker-host", dest="docker_host", default="")
    ap.add_argument("--dockerd-pid", dest="dockerd_pid", type=int, default=0)
    ap.add_argument("--buildah", default="buildah")
    ap.add_argument("--buildah-root", dest="buildah_root", default="")
    ap.add_argument("--buildah-runroot", dest="buildah_runroot", default="")
    ap.add_argument("--buildah-driver", dest="buildah_driver", default="overlay")
    ap.add_argument("--base", required=True, help="busybox base reference (in the local registry and every store)")
    ap.add_argument("--debian", required=True, help="Debian base reference")
    ap.add_argument("--floor-rootfs", dest="floor_rootfs", default="",
                    help="the Debian base's rootfs tar: the apt case's RUN is also timed in a plain chroot of it")
    ap.add_argument("--floor-rootfs-busybox", dest="floor_rootfs_busybox", default="",
                    help="the busybox base's rootfs tar: the nodelike case's RUN is also timed in a plain chroot of it")
    ap.add_argument("--registry-bin", dest="registry_bin", default="/usr/bin/docker-registry")
    ap.add_argument("--push-port", dest="push_port", type=int, required=True)
    ap.add_argument("--kiln-base-source", dest="kiln_base_source", default="import")
    ap.add_argument("--mode", default="full")
    ap.add_argument("--skip", action="append", default=[], help="BUILDER=reason: record the reason instead of running")
    ap.add_argument("--out", required=True)
    cfg = ap.parse_args()
    cfg.base_refs = {"busybox": cfg.base, "debian": cfg.debian}

    with open(os.path.join(cfg.contexts, "CASES.json")) as f:
        cases_info = json.load(f)
    cfg.case_base = {c: ("debian" if c == "apt" else "busybox") for c in cases_info}
    cfg.case_base["multistage-stages"] = "busybox"  # Kiln's store for the stage-alone builds
    skipped = dict(s.split("=", 1) for s in cfg.skip)
    classes = {"kiln": Kiln, "buildkit": BuildKit, "buildah": Buildah}
    builders = [classes[b](cfg) for b in cfg.builders.split(",") if b not in skipped]
    scenarios = [s for s in SCENARIOS if s in cfg.scenarios.split(",")]
    logs = os.path.join(cfg.work, "logs")
    os.makedirs(logs, exist_ok=True)
    registry = Registry(cfg.registry_bin, cfg.push_port, cfg.work)

    results = {"mode": cfg.mode, "cases": {}, "skipped": skipped, "kiln_base_source": cfg.kiln_base_source,
               "load_start": os.getloadavg(), "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
               "base": cfg.base, "debian": cfg.debian}
    results["env"] = environment(cfg)
    t_start = time.time()
    if cfg.mode != "full":
        log("NOTE: --%s run: fewer runs and %s-scale contexts (big cases scaled down), not the benchmark result:" % (cfg.mode, cfg.mode))
    for case in cfg.cases.split(","):
        log("  %-10s %s; %d files, %.1f MB" % (case, cases_info[case]["what"], cases_info[case]["files"], cases_info[case]["bytes"] / 1e6))
    try:
        for case in cfg.cases.split(","):
            info = cases_info[case]
            big = case in ("bigcontext", "bigfiles", "apt")
            n_runs = cfg.runs_big if big else cfg.runs
            ctx = os.path.join(cfg.contexts, case)
            network = info.get("network")
            editor = Editor(os.path.join(ctx, info["edit"]))
            editor.restore()
            failed = {}  # builder -> reason
            runs = {s: {b.name: [] for b in builders} for s in scenarios}
            extra = {}  # stage timings (multistage), compression reference (bigfiles)
            push_missing = {b.name: b.push_missing() for b in builders}
            t_case = time.time()

            def run_one(b, scenario, i):
                if b.name in failed or (scenario == "push" and push_missing[b.name]):
                    return
                logpath = os.path.join(logs, "%s-%s-%s-%d.log" % (case, scenario, b.name, i))
                t_prep = time.perf_counter()
                try:
                    if scenario == "cold":
                        b.make_cold(case)
                    elif scenario == "edit":
                        editor.edit()
                    if scenario in BUILD_SCENARIOS:
                        cmd = b.build_cmd(case, ctx, network=network)
                    elif scenario == "export":
                        dest = os.path.join(cfg.work, "export-%s.tar" % b.name)
                        if os.path.exists(dest):
                            os.unlink(dest)
                        cmd = b.export_cmd(case, dest)
                    else:
                        registry.restart_empty()
                        b.push_prepare(case)
                        cmd = b.push_cmd(case)
                    sh("sync")
                    if scenario in ("cold", "edit"):
                        settle(ctx, b, case)
                    prep = time.perf_counter() - t_prep
                    rec = timed(cmd, b.env, logpath, b.daemon_pid)
                    rec["prep"] = prep
                except Exception as e:  # environmental failure: record why, stop timing this builder for the case
                    failed[b.name] = "%s %s run %d: %s" % (case, scenario, i, str(e).strip()[-600:])
                    log("  %s FAILED: %s" % (b.name, failed[b.name]))
                    return
                ok = rec["rc"] == 0 and (b.check_image(case) if scenario in BUILD_SCENARIOS else
                                         os.path.getsize(dest) > 0 if scenario == "export" else True)
                if not ok:
                    with open(logpath, errors="replace") as f:
                        tail = f.read()[-800:]
                    failed[b.name] = "%s %s run %d: exit %d, log %s: ...%s" % (case, scenario, i, rec["rc"], logpath, tail)
                    log("  %s FAILED (exit %d), see %s" % (b.name, rec["rc"], logpath))
                    return
                if b.name == "kiln" and scenario in BUILD_SCENARIOS:
                    rec["steps"] = kiln_steps(logpath)
                if scenario == "export":
                    rec["bytes"] = os.path.getsize(dest)
                    os.unlink(dest)
                runs[scenario][b.name].append(rec)
                log("  %-10s %-8s %-8s run %d: wall %7.2fs  cpu %7.2fs  rss %6.0f MB  (load %.1f, prep %.1fs)" % (
                    case, scenario, b.name, i, rec["wall"], rec["cpu"], rec["rss_mb"], rec["load1"], rec["prep"]))

            for scenario in scenarios:
                log("== %s / %s" % (case, scenario))
                if scenario != "cold" and scenario != "edit":
                    # nochange, export and push need every builder's image of exactly the current context. The cold runs
                    # left it (or the last edit did: restore, and build once untimed).
                    editor.restore()
                    for b in builders:
                        if b.name not in failed and (scenario != "nochange" or not runs.get("cold", {}).get(b.name)):
                            sh("sync")
                            r = timed(b.build_cmd(case, ctx, network=network), b.env,
                                      os.path.join(logs, "%s-warm-%s-%s.log" % (case, scenario, b.name)))
                            if r["rc"] != 0:
                                failed[b.name] = "%s: untimed build before %s failed (exit %d)" % (case, scenario, r["rc"])
                for i in range(n_runs):
                    order = builders[i % len(builders):] + builders[:i % len(builders)]
                    for b in order:
                        run_one(b, scenario, i)
                    if scenario == "cold" and case == "bigfiles":
                        for name, rec in compress_reference(ctx, info["layer_dir"], logs, i).items():
                            extra.setdefault("reference", {}).setdefault(name, []).append(rec)
                    floor = floor_of(cfg, case, ctx)
                    if scenario == "cold" and floor:
                        rec = chroot_floor(*floor, cfg.work, os.path.join(logs, "%s-floor-%d.log" % (case, i)), **floor_files(case, ctx))
                        if rec["rc"] == 0:
                            extra.setdefault("floor", []).append(rec)
                            log("  %-10s floor (the RUN in a plain chroot): wall %.2fs  cpu %.2fs" % (case, rec["wall"], rec["cpu"]))
                        else:
                            log("  %-10s floor FAILED (exit %d), see %s" % (case, rec["rc"], os.path.join(logs, "%s-floor-%d.log" % (case, i))))
                    if scenario == "cold" and case == "multistage" and "kiln" not in failed and any(b.name == "kiln" for b in builders):
                        # The longest independent stage on its own: Kiln, cold, --target.
                        # Its own store, so the cold build's store stays warm for the no-change rebuild that follows.
                        k = next(b for b in builders if b.name == "kiln")
                        for st in info["stages"]:
                            k.make_cold(case + "-stages")
                            sh("sync")
                            rec = timed(k.build_cmd(case + "-stages", ctx, target=st), k.env,
                                        os.path.join(logs, "multistage-stage-%s-%d.log" % (st, i)))
                            if rec["rc"] == 0:
                                extra.setdefault("stages", {}).setdefault(st, []).append(rec)
                                log("  %-10s stage %s alone (kiln, cold): wall %.2fs" % (case, st, rec["wall"]))
                        pf = parallel_floor(cfg.floor_rootfs_busybox, run_commands(os.path.join(ctx, "Dockerfile")), cfg.work, logs, i) \
                            if cfg.floor_rootfs_busybox else {"rc": -1}
                        if pf["rc"] == 0:
                            extra.setdefault("parallel_floor", []).append(pf)
                            log("  %-10s the RUN loops as plain processes: alone %s, both at once %.2fs" % (
                                case, ", ".join("%.2fs" % a for a in pf["alone"]), pf["together"]))
            editor.restore()
            registry.stop()
            t_clean = time.perf_counter()
            if case == "multistage":
                shutil.rmtree(os.path.join(cfg.work, "kiln-store-multistage-stages"), ignore_errors=True)
            for b in builders:
                try:
                    b.cleanup(case)
                except Exception as e:
                    log("  %s: cleanup failed: %s" % (b.name, e))
            log("  cleanup %.1fs" % (time.perf_counter() - t_clean))

            summary = {}
            for scenario in scenarios:
                row = {}
                for b in builders:
                    rs = runs[scenario][b.name]
                    if scenario == "push" and push_missing[b.name]:
                        row[b.name] = {"error": "n/a: " + push_missing[b.name], "n": 0}
                    elif not rs or (b.name in failed and len(rs) < n_runs):
                        row[b.name] = {"error": failed.get(b.name, "no runs"), "n": len(rs)}
                    else:
                        row[b.name] = row_stats(rs)
                for b in skipped:
                    row[b] = {"error": "skipped: " + skipped[b], "n": 0}
                peers = [p for p in ("buildkit", "buildah") if p in row and "wall" in row[p]]
                ratios = {}
                if "kiln" in row and "wall" in row["kiln"] and peers:
                    for metric in ("wall", "cpu", "rss_mb"):
                        best = min(peers, key=lambda p: row[p][metric])
                        ratios[metric] = {"ratio": row["kiln"][metric] / row[best][metric], "best_peer": best}
                target = TARGETS[scenario]
                if case == "bigcontext" and scenario in BUILD_SCENARIOS:
                    target = min(target, 0.5)
                if case == "multistage" and scenario == "cold":
                    target = None  # checked against the longest stage instead (below)
                summary[scenario] = {"builders": row, "ratio": ratios, "target_wall_ratio": target, "runs": runs[scenario]}
            c = {"info": info, "runs": n_runs, "seconds": time.time() - t_case, "scenarios": summary}
            if "stages" in extra:
                st = {s: statistics.median(r["wall"] for r in rs) for s, rs in extra["stages"].items()}
                longest = max(st.values())
                kc = summary.get("cold", {}).get("builders", {}).get("kiln", {})
                c["stages"] = {"alone_wall": st, "longest": longest, "runs": extra["stages"]}
                if "wall" in kc:
                    c["stages"]["kiln_cold_over_longest"] = kc["wall"] / longest
                    c["stages"]["met"] = kc["wall"] <= 1.1 * longest
            if "parallel_floor" in extra and "stages" in c:
                pfs = extra["parallel_floor"]
                longest_alone = statistics.median(max(pf["alone"]) for pf in pfs)
                together = statistics.median(pf["together"] for pf in pfs)
                c["stages"]["parallel_floor"] = {"longest_alone": longest_alone, "together": together,
                                                 "factor": together / longest_alone, "runs": pfs}
            if "floor" in extra:
                fl = row_stats(extra["floor"])
                c["floor"] = {"chroot": fl, "runs": extra["floor"]}
                cold = summary.get("cold", {})
                best = cold.get("ratio", {}).get("wall", {}).get("best_peer")
                if best:
                    c["floor"]["ratio_vs_best_peer"] = fl["wall"] / cold["builders"][best]["wall"]
                if "wall" in cold.get("builders", {}).get("kiln", {}):
                    c["floor"]["kiln_over_floor"] = cold["builders"]["kiln"]["wall"] - fl["wall"]
            if "reference" in extra:
                ref = {n: row_stats(rs) for n, rs in extra["reference"].items()}
                c["layer_reference"] = {"tools": ref, "runs": extra["reference"]}
                kc = runs.get("cold", {}).get("kiln", [])
                # Kiln's layer creation: the non-cached COPY step of the cold build (reads the files, writes the tar,
                # compresses with its default gzip, hashes).
                copy = [sum(s["seconds"] for s in r.get("steps", []) if "COPY" in s["name"]) for r in kc]
                if copy:
                    k = statistics.median(copy)
                    c["layer_reference"]["kiln_copy_step"] = k
                    c["layer_reference"]["ratio_vs_pigz"] = k / ref["tar|pigz -6"]["wall"]
                    c["layer_reference"]["ratio_vs_zstd"] = k / ref["tar|zstd -T0 -3"]["wall"]
                    c["layer_reference"]["met"] = c["layer_reference"]["ratio_vs_pigz"] <= 1.2
            kr = [r for s in scenarios for r in runs[s].get("kiln", [])]
            if kr:
                c["kiln_peak_rss_mb"] = max(r["rss_mb"] for r in kr)  # largest process of kiln's tree (RUN steps included)
                c["kiln_self_peak_rss_mb"] = max(r["rss_self_mb"] for r in kr)  # the kiln process itself
            results["cases"][case] = c
            log("  case %s took %.0f s" % (case, c["seconds"]))
            # Write after every case, so an interrupted run keeps what it measured.
            results["load_end"] = os.getloadavg()
            results["seconds"] = time.time() - t_start
            with open(cfg.out, "w") as f:
                json.dump(results, f, indent=1)
    finally:
        registry.stop()
    log("wrote %s (%.0f s)" % (cfg.out, time.time() - t_start))


if __name__ == "__main__":
    main()
