"""A replica killed with kill -9 under `make deploy`: how long until it is back, and whether the site noticed.

Run: .venv/bin/python benchmarks/restart.py [--kills 3] [--replicas 2]

Starts `make deploy PUBLIC_PORT=<free> REPLICAS=N DEPLOY_DIR=<temporary>` exactly as an operator would, waits until
the site answers through nginx, then kills replicas with SIGKILL one after another (the pid from supervisord).
While each is down a client asks nginx for / and /_stcore/health about 50 times a second; the replica is back when
supervisord reports it with a new pid and its own port answers /_stcore/health. Prints, per kill, the time to
come back and the requests that failed; asserts nothing. Ends with Ctrl-C to make's process group.
tests/deploy/test_deploy.py uses MakeDeploy and kill_replica.
"""
from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from deploy.run import supervisor_status  # noqa: E402 (after the path is set)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 5) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as r:
        r.read()
        return r.status


def descendants(pid: int) -> set[int]:
    """Every live process below `pid` (from /proc), for checking that nothing outlives make."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def alive(pid: int) -> bool:
    """Running (a zombie waiting for its parent counts as gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


class MakeDeploy:
    """`make deploy` in a process group of its own, with its output in a file; stop() is Ctrl-C."""

    def __init__(self, replicas: int = 2, port: int | None = None, run_dir: Path | None = None, **make_vars: str):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.replicas = replicas
        # short: supervisord's control socket lives here and a socket path has at most 107 bytes
        self.dir = Path(run_dir or tempfile.mkdtemp(prefix="sg-deploy-"))
        self.output = self.dir.with_name(self.dir.name + ".out")
        self.args = ["make", "deploy", f"PUBLIC_PORT={self.port}", f"REPLICAS={replicas}", f"DEPLOY_DIR={self.dir}",
                     *(f"{k}={v}" for k, v in make_vars.items())]
        self.proc: subprocess.Popen | None = None
        self.replica_ports: list[int] = []

    def start(self, timeout: float = 600) -> MakeDeploy:
        """Run make deploy and wait until it says where it serves and the site answers through nginx (a fresh
        checkout first builds the demo warehouse: minutes)."""
        with open(self.output, "wb") as out:
            self.proc = subprocess.Popen(self.args, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while True:
            said = re.search(r"replicas on ports ([\d, ]+);", self.text())
            if said:
                try:
                    if get(self.url + "/_stcore/health") == 200:
                        self.replica_ports = [int(p) for p in said.group(1).split(", ")]
                        return self
                except OSError:
                    pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{' '.join(self.args)} did not serve {self.url}:\n{self.text()[-3000:]}")
            time.sleep(0.5)

    def text(self) -> str:
        return self.output.read_text(errors="replace")

    def supervisorctl(self, *args: str) -> str:
        """What an operator's `supervisorctl -c DIR/supervisord.conf ARGS` prints."""
        return subprocess.run([Path(sys.executable).with_name("supervisorctl"), "-c", self.dir / "supervisord.conf",
                               *args], capture_output=True, text=True, timeout=30, check=False).stdout

    def status(self) -> dict[str, tuple[str, int | None]]:
        """{program: (state, pid)} from supervisord's control socket (what supervisorctl shows, without starting
        a Python process each time: polling that ten times a second would slow the restart it measures)."""
        return {name: (p["statename"], p["pid"] or None) for name, p in supervisor_status(self.dir).items()}

    def replica_pid(self, i: int) -> int:
        state, pid = self.status()[f"replica_{i}"]
        assert state == "RUNNING" and pid, (state, pid)
        return pid

    def stop(self, sig: int = signal.SIGINT, timeout: float = 60) -> int:
        """Ctrl-C as a terminal sends it (to make's whole foreground process group); make's exit status."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else 0
        os.killpg(self.proc.pid, sig)
        return self.proc.wait(timeout)

    def __enter__(self) -> MakeDeploy:
        return self.start()

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.stop()


@dataclass
class Outage:
    back_after: float | None  # seconds from kill -9 until the replica runs again with a new pid and is healthy
    new_pid: int | None
    requests: int = 0
    failures: list[str] = field(default_factory=list)
    cpu_seconds: float | None = None  # CPU the new replica used until it answered (what a busy machine delays)


def kill_replica(site: MakeDeploy, i: int, limit: float = 15, after: float = 2) -> Outage:
    """kill -9 replica i; ask nginx for / and /_stcore/health without pause until the replica is back (or `limit`
    seconds passed) and `after` seconds more."""
    old = site.replica_pid(i)
    done = threading.Event()
    outage = Outage(None, None)

    def visitor() -> None:
        while not done.is_set():
            for path in ("/", "/_stcore/health"):
                outage.requests += 1
                try:
                    status = get(site.url + path)
                    if status != 200:
                        outage.failures.append(f"{path}: {status}")
                except (OSError, urllib.error.URLError) as e:
                    outage.failures.append(f"{path}: {e}")
            time.sleep(0.02)  # a busy visitor: ~50 requests/s

    thread = threading.Thread(target=visitor)
    thread.start()
    try:
        t0 = time.monotonic()
        os.kill(old, signal.SIGKILL)
        while time.monotonic() - t0 < limit:
            _, pid = site.status().get(f"replica_{i}", ("", None))
            if pid and pid != old:  # started again (STARTING until supervisord's startsecs, then RUNNING)
                try:
                    if get(f"http://127.0.0.1:{site.replica_ports[i]}/_stcore/health", 2) == 200:
                        outage.back_after, outage.new_pid = time.monotonic() - t0, pid
                        outage.cpu_seconds = cpu_seconds(pid)
                        break
                except OSError:
                    pass
            time.sleep(0.1)
        time.sleep(after)
    finally:
        done.set()
        thread.join()
    return outage


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--kills", type=int, default=3)
    p.add_argument("--replicas", type=int, default=2)
    args = p.parse_args()
    with MakeDeploy(args.replicas) as site:
        print(f"make deploy serving {site.url}, replicas on {site.replica_ports}, logs in {site.dir}", flush=True)
        for k in range(args.kills):
            i = k % args.replicas
            time.sleep(3)  # the last one's visitors settled
            o = kill_replica(site, i, limit=60)
            back = f"{o.back_after:.2f} s" if o.back_after is not None else "not within 60 s"
            print(f"kill -9 replica_{i}: back after {back} (new pid {o.new_pid}, {o.cpu_seconds} CPU-s); "
                  f"{o.requests} requests through nginx meanwhile, {len(o.failures)} failed "
                  f"{o.failures[:3]}; load average {os.getloadavg()[0]:.1f}", flush=True)
        print(f"stopped with Ctrl-C: make exited with {site.stop()}")


if __name__ == "__main__":
    main()
