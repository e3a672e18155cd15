"""Start the public dashboard on this machine: N Streamlit replicas behind nginx, all supervised by supervisord.

    .venv/bin/python deploy/run.py --replicas 2 --port 8600 --dir var/deploy-8600   # what `make deploy` runs
    .venv/bin/python deploy/run.py --render --listen 0.0.0.0 --port 80 --replica-port 8081  # nginx.conf for a server

The process handling is supervisord's (PyPI `supervisor`), not ours: this script writes nginx.conf and
supervisord.conf into the run directory (one [program:replica_N] per replica and one [program:nginx], all
`autorestart=true`), starts supervisord in the foreground and waits until the site answers through nginx. A replica
that dies (kill -9, out of memory) is started again by supervisord while nginx sends its visitors to the others.
Ctrl-C or SIGTERM stops supervisord, which stops every replica and nginx (whole process groups) before it exits.

The run directory stays after exit: the replicas' and nginx's logs (replica_N.log, access.log, error.log,
supervisord.log) are there, and `supervisorctl -c DIR/supervisord.conf status` talks to the running supervisord.
Every replica runs with .streamlit/public.env (SHEGONG_PUBLIC=1 and the hardened Streamlit options) and one shared
cookie secret, passed in supervisord's environment (never written to a file). Tests and benchmarks/load.py use the
Deployment class.
"""
from __future__ import annotations

import argparse
import ctypes
import os
import resource
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import xmlrpc.client
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_name("nginx.conf.template")
SECURITY_HEADERS = Path(__file__).with_name("security-headers.conf")
PUBLIC_ENV = ROOT / ".streamlit" / "public.env"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
# open websockets (one per browser tab) allowed from one client address: a government office reaches the internet
# through one shared address, so this must cover everybody in the office (deploy/README.md)
MAX_SESSIONS = int(os.environ.get("SHEGONG_MAX_SESSIONS_PER_ADDRESS", "2000"))
# HTTP requests per second from one address (pages, assets, downloads; not websocket messages), and the burst a
# whole office opening the site at 9:00 needs (a first page load is about 30 requests)
REQ_RATE = int(os.environ.get("SHEGONG_REQ_RATE_PER_ADDRESS", "100"))
REQ_BURST = int(os.environ.get("SHEGONG_REQ_BURST_PER_ADDRESS", "2000"))


def public_env() -> dict[str, str]:
    """The KEY=value lines of .streamlit/public.env (the same file systemd, docker and Kubernetes read)."""
    env = {}
    for line in PUBLIC_ENV.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip()
    return env


def free_ports(count: int, first: int = 8600, last: int | None = None, host: str = "127.0.0.1") -> list[int]:
    """`count` ports in [first, last] (default: first + 99) that nothing listens on now (8600-8699: this
    project's share of the machine)."""
    found: list[int] = []
    last = first + 99 if last is None else last
    for port in range(first, last + 1):
        if len(found) == count:
            return found
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
           access_log: str | None = None, max_sessions: int = MAX_SESSIONS, req_rate: int = REQ_RATE,
           req_burst: int = REQ_BURST) -> str:
    """nginx.conf for `replicas` (host:port) with nginx listening on `listen` (host:port)."""
    servers = "\n".join(f"        server {r} max_fails=1 fail_timeout=2s;" for r in replicas)
    # each proxied websocket holds two connections (browser and replica); room for every allowed session of two
    # full offices per worker, and file descriptors for all of them
    worker_connections = max(4096, 4 * max_sessions + 1024)
    fields = {"PREFIX": str(prefix), "LISTEN": listen, "SERVERS": servers, "STATIC": str(Path(static).resolve()),
              "ACCESS_LOG": access_log or f"{prefix}/access.log shegong",
              "MAX_SESSIONS": str(max_sessions), "REQ_RATE": str(req_rate), "REQ_BURST": str(req_burst),
              "WORKER_CONNECTIONS": str(worker_connections), "WORKER_NOFILE": str(2 * worker_connections)}
    headers = [ln.strip() for ln in SECURITY_HEADERS.read_text(encoding="utf-8").splitlines()
               if ln.strip() and not ln.lstrip().startswith("#")]
    fields["SECURITY_HEADERS"] = "\n".join(" " * 8 + ln for ln in headers)
    fields["SECURITY_HEADERS_LOCATION"] = "\n".join(" " * 12 + ln for ln in headers)
    text = TEMPLATE.read_text(encoding="utf-8")
    for key, value in fields.items():
        text = text.replace("{{" + key + "}}", value)
    return text


def precompress(static: Path = ROOT / "static") -> list[Path]:
    """NAME.gz beside every boundary file (rewritten when older than the file) for nginx's gzip_static."""
    import gzip

    written = []
    for f in sorted(Path(static).resolve().glob("*.geojson")):
        gz = f.with_name(f.name + ".gz")
        if not gz.exists() or gz.stat().st_mtime < f.stat().st_mtime:
            tmp = gz.with_name(gz.name + ".tmp")
            tmp.write_bytes(gzip.compress(f.read_bytes(), compresslevel=9, mtime=0))
            os.replace(tmp, gz)
            written.append(gz)
    return written


def supervisord_conf(run_dir: Path, replica_ports: list[int], nginx_conf: Path | None) -> str:
    """supervisord.conf: one autorestarted program per replica (and nginx), logs and control socket in run_dir."""
    def q(*args) -> str:  # a command line as supervisord splits it (shlex), with its %-expansion escaped
        return " ".join(shlex.quote(str(a)) for a in args).replace("%", "%%")

    def launcher(name: str) -> list:  # launch() below, with the file that keeps the program's process group
        return [sys.executable, Path(__file__).resolve(), "launch", run_dir / f"{name}.pgid"]

    d = str(run_dir).replace("%", "%%")
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]  # supervisord refuses to start if it cannot get minfds
    minfds = 16384 if hard == resource.RLIM_INFINITY else min(16384, hard)
    # as root: say so, which is what supervisord asks for instead of a CRIT line at every start
    user = "user=root\n" if os.geteuid() == 0 else ""
    parts = [f"""[supervisord]
nodaemon=true
{user}logfile={d}/supervisord.log
logfile_maxbytes=10MB
logfile_backups=3
pidfile={d}/supervisord.pid
childlogdir={d}
; file descriptors for thousands of open websockets (nginx and the replicas inherit the limit)
minfds={minfds}

[unix_http_server]
file={d}/supervisor.sock
chmod=0700

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://{d}/supervisor.sock
"""]
    for i, port in enumerate(replica_ports):
        parts.append(f"""[program:replica_{i}]
command={q(*launcher(f"replica_{i}"), sys.executable, "-m", "streamlit", "run", ROOT / "dashboard.py",
           "--server.port", port, "--server.address", "127.0.0.1")}
directory={str(ROOT).replace("%", "%%")}
priority=100
autorestart=true
startsecs=2
startretries=10
stopsignal=TERM
stopwaitsecs=10
; the whole process group: a replica's export chromium goes with it
stopasgroup=true
killasgroup=true
redirect_stderr=true
stdout_logfile={d}/replica_{i}.log
stdout_logfile_maxbytes=20MB
stdout_logfile_backups=3
""")
    if nginx_conf is not None:
        parts.append(f"""[program:nginx]
command={q(*launcher("nginx"), NGINX, "-p", run_dir, "-c", nginx_conf, "-e", run_dir / "error.log",
           "-g", "daemon off;")}
priority=200
autorestart=true
startsecs=1
startretries=10
; graceful: workers finish what they are sending
stopsignal=QUIT
stopwaitsecs=10
stopasgroup=true
killasgroup=true
redirect_stderr=true
stdout_logfile={d}/nginx.log
""")
    return "\n".join(parts)


def launch(group_file: Path, argv: list[str]) -> None:
    """supervisord's command for every program: first end what is left of the program's previous run, then become
    the program (exec: supervisord's child is the program itself, its pid and process group unchanged).

    supervisord starts each program in a process group of its own and stops whole groups, but when a program dies
    by kill -9 its children live on: nginx's workers keep the port (the new nginx cannot bind it) and a replica's
    export chromium leaks. The group's number is the dead leader's pid, kept in `group_file`; Linux does not give
    that number to a new process while members of the group live, so the group is killed only if its leader is gone.
    """
    try:
        old = int(group_file.read_text())
    except (OSError, ValueError):
        old = 0
    if old > 1 and old != os.getpid():
        try:
            os.kill(old, 0)
        except ProcessLookupError:  # the leader is gone: what is left of its group is orphaned
            try:
                os.killpg(old, signal.SIGKILL)
            except ProcessLookupError:
                pass
            deadline = time.monotonic() + 5  # until they have exited and closed their sockets (nginx's port)
            while _group_running(old) and time.monotonic() < deadline:
                time.sleep(0.05)
        except PermissionError:
            pass
    group_file.write_text(str(os.getpid()))
    os.execv(argv[0], argv)


def _group_running(pgid: int) -> bool:
    """A process of group `pgid` is still running (zombies, already exited, do not count)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            return True
    return False


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


def supervisor_status(run_dir: Path) -> dict[str, dict]:
    """supervisord's view of each program: {name: {"statename": "RUNNING", "pid": ..., ...}}, asked over its control
    socket as supervisorctl asks it (without starting a Python process for every look)."""
    from supervisor.xmlrpc import SupervisorTransport

    transport = SupervisorTransport(None, None, f"unix://{run_dir}/supervisor.sock")
    proxy = xmlrpc.client.ServerProxy("http://127.0.0.1", transport=transport)
    return {p["name"]: p for p in proxy.supervisor.getAllProcessInfo()}


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM when the parent dies (kill -9 of make or run.py stops supervisord, which
    stops its programs), so no replica outlives the command that started it."""
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class Deployment:
    """N public replicas (and nginx, unless nginx=False) under one supervisord; start(), pids(), stop()."""

    def __init__(self, replicas: int = 2, port: int | None = None, warehouse: str | Path | None = None,
                 nginx: bool = True, listen_host: str = "127.0.0.1", run_dir: str | Path | None = None,
                 extra_env: dict[str, str] | None = None, max_sessions: int = MAX_SESSIONS,
                 req_rate: int = REQ_RATE, req_burst: int = REQ_BURST, quiet: bool = True):
        if nginx and not NGINX:
            raise RuntimeError("nginx is not installed (make setup installs Debian's nginx)")
        self.n, self.use_nginx, self.listen_host = replicas, nginx, listen_host
        self.limits = {"max_sessions": max_sessions, "req_rate": req_rate, "req_burst": req_burst}
        if port is not None:
            try:
                free_ports(1, port, port)
            except RuntimeError:
                raise RuntimeError(f"port {port} is taken") from None
        if nginx:  # nginx on `port`, replicas on the next free ones
            ports = free_ports(replicas + 1) if port is None else [port, *free_ports(replicas, port + 1)]
            self.port, self.replica_ports = ports[0], ports[1:]
        else:  # the first replica is the site
            self.replica_ports = free_ports(replicas) if port is None else [port, *free_ports(replicas - 1, port + 1)]
            self.port = self.replica_ports[0]
        self.warehouse = Path(warehouse) if warehouse else None
        # a directory given by the caller (make deploy) is kept with its logs; a temporary one goes at stop()
        self.temporary = run_dir is None
        self.prefix = Path(tempfile.mkdtemp(prefix="shegong-deploy-") if run_dir is None else run_dir).resolve()
        self.prefix.mkdir(parents=True, exist_ok=True)
        self.prefix.chmod(0o755)  # nginx workers run as nobody when the master is root
        self.conf = self.prefix / "supervisord.conf"
        self.extra_env = extra_env or {}
        self.quiet = quiet  # False: supervisord's log (spawned, exited, ...) also goes to our stdout
        self.supervisord: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def replica_url(self, i: int) -> str:
        return f"http://127.0.0.1:{self.replica_ports[i]}"

    def start(self, timeout: float = 90) -> Deployment:
        nginx_conf = None
        if self.use_nginx:
            precompress()
            nginx_conf = self.prefix / "nginx.conf"
            nginx_conf.write_text(render(f"{self.listen_host}:{self.port}",
                                         [f"127.0.0.1:{p}" for p in self.replica_ports], self.prefix,
                                         **self.limits))
        self.conf.write_text(supervisord_conf(self.prefix, self.replica_ports, nginx_conf))
        for stale in self.prefix.glob("*.pgid"):  # process groups of an earlier run are not this run's to end
            stale.unlink()
        env = {**os.environ, **public_env(), "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32),
               **self.extra_env}
        if self.warehouse:
            env["SHEGONG_WAREHOUSE"] = str(self.warehouse)
        try:
            self.supervisord = subprocess.Popen(
                [sys.executable, "-m", "supervisor.supervisord", "-c", str(self.conf)],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL if self.quiet else None, stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent)
            for i in range(self.n):
                self._wait(self.replica_url(i), timeout, f"replica_{i}.log")
            if self.use_nginx:
                self._wait(self.url, 20, "nginx.log", "error.log")
            deadline = time.monotonic() + 20  # and supervisord counts them as started (startsecs)
            while not all(p["statename"] == "RUNNING" for p in self.status().values()):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"not all RUNNING: {self.status()}")
                time.sleep(0.2)
        except BaseException:
            self.stop()
            raise
        return self

    def _wait(self, url: str, timeout: float, *logs: str) -> None:
        try:
            wait_healthy(url, timeout, self.supervisord)
        except (RuntimeError, TimeoutError) as e:
            said = [(self.prefix / f).read_text(errors="replace")[-2000:] for f in (*logs, "supervisord.log")
                    if (self.prefix / f).exists()]
            raise RuntimeError(f"{e}: {' '.join(said).strip()}") from None

    def status(self) -> dict[str, dict]:
        return supervisor_status(self.prefix)

    def pids(self) -> list[int]:
        """The replicas' process ids (running ones)."""
        state = self.status()
        return [state[f"replica_{i}"]["pid"] for i in range(self.n) if state[f"replica_{i}"]["pid"]]

    @property
    def nginx_pid(self) -> int | None:
        return self.status()["nginx"]["pid"] if self.use_nginx else None

    def stop(self) -> None:
        """Stop supervisord, which stops nginx (gracefully) and every replica (process groups) before it exits."""
        proc, self.supervisord = self.supervisord, None
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self.temporary:
            shutil.rmtree(self.prefix, ignore_errors=True)

    def __enter__(self) -> Deployment:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main() -> int:
    if sys.argv[1:2] == ["launch"]:  # run.py launch GROUP_FILE PROGRAM ARGS...: see launch()
        launch(Path(sys.argv[2]), sys.argv[3:])
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--replicas", type=int, default=2)
    p.add_argument("--port", type=int, default=8600, help="nginx's port; replicas take the next free ones")
    p.add_argument("--dir", default=None,
                   help="run directory: configs, control socket and logs, kept after exit (default: var/deploy-PORT)")
    p.add_argument("--warehouse", help="warehouse file (default: SHEGONG_WAREHOUSE or data/warehouse.duckdb)")
    p.add_argument("--listen", default="127.0.0.1",
                   help="nginx's address; only a container (deploy/Dockerfile) should need 0.0.0.0")
    p.add_argument("--max-sessions", type=int, default=MAX_SESSIONS,
                   help="open websockets (tabs) per client address; env SHEGONG_MAX_SESSIONS_PER_ADDRESS")
    p.add_argument("--req-rate", type=int, default=REQ_RATE,
                   help="HTTP requests/s per client address; env SHEGONG_REQ_RATE_PER_ADDRESS")
    p.add_argument("--req-burst", type=int, default=REQ_BURST,
                   help="HTTP requests above the rate one address may burst; env SHEGONG_REQ_BURST_PER_ADDRESS")
    p.add_argument("--render", action="store_true", help="print an nginx.conf for a real server and exit")
    p.add_argument("--prefix", default="/var/lib/shegong-nginx", help="with --render: nginx's prefix directory")
    p.add_argument("--replica-port", type=int, help="with --render: the first replica's port (default: --port + 1)")
    args = p.parse_args()
    limits = {"max_sessions": args.max_sessions, "req_rate": args.req_rate, "req_burst": args.req_burst}
    if args.render:
        precompress()  # the .gz files the config's gzip_static serves
        first = args.replica_port or args.port + 1
        print(render(f"{args.listen}:{args.port}", [f"127.0.0.1:{first + i}" for i in range(args.replicas)],
                     Path(args.prefix), **limits))
        return 0
    run_dir = Path(args.dir or ROOT / "var" / f"deploy-{args.port}")
    d = Deployment(args.replicas, args.port, args.warehouse, listen_host=args.listen, run_dir=run_dir, quiet=False,
                   **limits)
    # both unwind through `with`: supervisord stops everything (Ctrl-C also reaches supervisord itself); SIGINT is
    # set explicitly because a shell starts background commands with it ignored
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, signal.default_int_handler)
    print(f"starting {args.replicas} replicas and nginx under supervisord; logs in {d.prefix}", flush=True)
    with d:
        print(f"public dashboard: http://{args.listen}:{d.port}/ (replicas on ports "
              f"{', '.join(map(str, d.replica_ports))}; logs in {d.prefix}; "
              f"supervisorctl -c {d.conf} status); Ctrl-C stops", flush=True)
        try:
            code = d.supervisord.wait()  # 0 after a signal or `supervisorctl shutdown`: stopped on request
            if code:
                print(f"supervisord exited with {code}; see {d.prefix}/supervisord.log", file=sys.stderr)
            return code
        except KeyboardInterrupt:
            return 0


if __name__ == "__main__":
    sys.exit(main())
