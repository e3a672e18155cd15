"""Start the public dashboard on this machine: N Streamlit replicas behind nginx, all on loopback.

    .venv/bin/python deploy/run.py --replicas 2 --port 8600        # nginx on 127.0.0.1:8600, replicas 8601, 8602
    .venv/bin/python deploy/run.py --render --listen 0.0.0.0 --port 80 --replica-port 8081  # nginx.conf for a server

Every replica runs with .streamlit/public.env (SHEGONG_PUBLIC=1 and the hardened Streamlit options) and one shared
cookie secret. nginx (Debian's package) runs as a child process with its own prefix in a temporary directory: its
config, pid, logs, cache and temporary files live there and go with it; no system service is touched. Ctrl-C stops
everything. Tests and benchmarks/load.py use the Deployment class directly.
"""
from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_name("nginx.conf.template")
PUBLIC_ENV = ROOT / ".streamlit" / "public.env"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def public_env() -> dict[str, str]:
    """The KEY=value lines of .streamlit/public.env (the same file systemd and docker read)."""
    env = {}
    for line in PUBLIC_ENV.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip()
    return env


def free_ports(count: int, first: int = 8600, last: int = 8699, host: str = "127.0.0.1") -> list[int]:
    """`count` ports in [first, last] that nothing listens on now (this project's share of the machine)."""
    found = []
    for port in range(first, last + 1):
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind((host, port))
            except OSError:
                continue
        found.append(port)
        if len(found) == count:
            return found
    raise RuntimeError(f"fewer than {count} free ports in {first}-{last}")


def render(listen: str, replicas: list[str], prefix: Path, static: Path = ROOT / "static",
           access_log: str | None = None, max_sessions: int = 100, req_rate: int = 20, req_burst: int = 200) -> str:
    """nginx.conf for `replicas` (host:port) with nginx listening on `listen` (host:port)."""
    servers = "\n".join(f"        server {r} max_fails=1 fail_timeout=10s;" for r in replicas)
    fields = {"PREFIX": str(prefix), "LISTEN": listen, "SERVERS": servers, "STATIC": str(Path(static).resolve()),
              "ACCESS_LOG": access_log or f"{prefix}/access.log shegong",
              "MAX_SESSIONS": str(max_sessions), "REQ_RATE": str(req_rate), "REQ_BURST": str(req_burst)}
    text = TEMPLATE.read_text(encoding="utf-8")
    for key, value in fields.items():
        text = text.replace("{{" + key + "}}", value)
    return text


def wait_healthy(url: str, timeout: float = 60, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            pass
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{proc.args[0]} exited with {proc.returncode} before {url} was healthy")
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} not healthy after {timeout:.0f} s")
        time.sleep(0.2)


class Deployment:
    """N public replicas (or one, without nginx) on loopback; start(), stop_replica(i), stop()."""

    def __init__(self, replicas: int = 2, port: int | None = None, warehouse: str | Path | None = None,
                 nginx: bool = True, listen_host: str = "127.0.0.1", log_dir: Path | None = None,
                 extra_env: dict[str, str] | None = None):
        if nginx and not NGINX:
            raise RuntimeError("nginx is not installed (make setup installs Debian's nginx)")
        self.n, self.use_nginx, self.listen_host = replicas, nginx, listen_host
        if port is not None and free_ports(1, port, port) != [port]:
            raise RuntimeError(f"port {port} is taken")
        ports = free_ports(replicas + 1) if port is None else [port, *free_ports(replicas, port + 1)]
        self.port = ports[0] if nginx else ports[1]
        self.replica_ports = ports[1:]
        self.warehouse = Path(warehouse) if warehouse else None
        self.prefix = Path(tempfile.mkdtemp(prefix="shegong-deploy-"))
        self.prefix.chmod(0o755)  # nginx workers run as nobody when the master is root
        self.log_dir = Path(log_dir) if log_dir else self.prefix
        self.extra_env = extra_env or {}
        self.replicas: list[subprocess.Popen | None] = []
        self.nginx: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def replica_url(self, i: int) -> str:
        return f"http://127.0.0.1:{self.replica_ports[i]}"

    def start(self, timeout: float = 90) -> "Deployment":
        env = {**os.environ, **public_env(), "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32),
               **self.extra_env}
        if self.warehouse:
            env["SHEGONG_WAREHOUSE"] = str(self.warehouse)
        try:
            for i, port in enumerate(self.replica_ports):
                log = open(self.log_dir / f"replica-{i}.log", "wb")
                self.replicas.append(subprocess.Popen(
                    [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"),
                     "--server.port", str(port), "--server.address", "127.0.0.1"],
                    cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
            for i, proc in enumerate(self.replicas):
                wait_healthy(self.replica_url(i), timeout, proc)
            if self.use_nginx:
                conf = self.prefix / "nginx.conf"
                conf.write_text(render(f"{self.listen_host}:{self.port}",
                                       [f"127.0.0.1:{p}" for p in self.replica_ports], self.prefix))
                self.nginx = subprocess.Popen(
                    [NGINX, "-p", str(self.prefix), "-c", str(conf), "-e", str(self.prefix / "error.log"),
                     "-g", "daemon off;"],
                    stdout=subprocess.DEVNULL, stderr=open(self.prefix / "nginx.stderr", "wb"),
                    start_new_session=True)
                try:
                    wait_healthy(self.url, 20, self.nginx)
                except RuntimeError as e:
                    said = [(self.prefix / f).read_text(errors="replace") for f in ("nginx.stderr", "error.log")
                            if (self.prefix / f).exists()]
                    raise RuntimeError(f"{e}: {' '.join(said).strip()}") from None
        except BaseException:
            self.stop()
            raise
        return self

    def pids(self) -> list[int]:
        return [p.pid for p in self.replicas if p is not None and p.poll() is None]

    def stop_replica(self, i: int, crash: bool = False) -> None:
        """Stop replica i (crash=True: kill it at once, as a crash looks to nginx: its port stops answering)."""
        proc = self.replicas[i]
        if proc is not None:
            _terminate(proc, signal.SIGKILL if crash else signal.SIGTERM)
            self.replicas[i] = None

    def stop(self) -> None:
        if self.nginx is not None:
            _terminate(self.nginx, signal.SIGQUIT)  # graceful shutdown: workers finish, master removes the pid file
            self.nginx = None
        for i in range(len(self.replicas)):
            self.stop_replica(i)
        shutil.rmtree(self.prefix, ignore_errors=True)

    def __enter__(self) -> "Deployment":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _terminate(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--replicas", type=int, default=2)
    p.add_argument("--port", type=int, default=8600, help="nginx's port; replicas take the next free ones")
    p.add_argument("--warehouse", help="warehouse file (default: SHEGONG_WAREHOUSE or data/warehouse.duckdb)")
    p.add_argument("--listen", default="127.0.0.1",
                   help="nginx's address; only a container (deploy/Dockerfile) should need 0.0.0.0")
    p.add_argument("--render", action="store_true", help="print an nginx.conf for a real server and exit")
    p.add_argument("--prefix", default="/var/lib/shegong-nginx", help="with --render: nginx's prefix directory")
    p.add_argument("--replica-port", type=int, help="with --render: the first replica's port (default: --port + 1)")
    args = p.parse_args()
    if args.render:
        first = args.replica_port or args.port + 1
        print(render(f"{args.listen}:{args.port}", [f"127.0.0.1:{first + i}" for i in range(args.replicas)],
                     Path(args.prefix)))
        return 0
    d = Deployment(args.replicas, args.port, args.warehouse, listen_host=args.listen)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with d:
        print(f"public dashboard: http://{args.listen}:{d.port}/ (replicas on ports "
              f"{', '.join(map(str, d.replica_ports))}; logs in {d.prefix}); Ctrl-C stops", flush=True)
        try:
            while all(p.poll() is None for p in d.replicas) and d.nginx.poll() is None:
                time.sleep(1)
            print("a process exited; stopping", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            return 0


if __name__ == "__main__":
    sys.exit(main())
