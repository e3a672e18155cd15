"""Many visitors at once: N sessions speaking Streamlit's websocket protocol, against one process and 2 replicas.

Run: .venv/bin/python benchmarks/load.py [--sessions 50] [--seconds 60] [--target single|nginx|both] [--url URL]

Each session acts like a person: it opens a page (GET / for nginx's sticky-session cookie, then the websocket
/_stcore/stream and a rerun request naming the page and its URL filters, as the browser sends them), reads it
for a few seconds, then changes a filter (a rerun with the new filters in the query string: the server runs the
same page script as for a widget change) or goes to another page. Sessions arrive over the first seconds and stop
by themselves at the deadline. Servers are started here on free loopback ports in 8600-8699 with the public
configuration (deploy/run.py) and stopped at the end.

Reports reruns per second, p50/p95 time from the request to the finished page (script_finished), errors
(exceptions on a page, pages that did not finish in 30 s, refused connections) and each server process's peak RSS
(VmHWM from /proc). Prints figures; asserts nothing. Tests use Session for one visitor.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import statistics
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PROVINCES = ["410000", "130000", "640000", "110000"]
INDICATORS = ["stations_built", "funding_cny", "social_workers_stationed", "beneficiaries_served",
              "stations_coverage_pct"]
# url path of each page and the filters a visitor may change there (values the page offers)
PAGES: dict[str, dict[str, list[str]]] = {
    "": {"indicator": INDICATORS},
    "screen": {},
    "compare": {"indicator": INDICATORS, "display": ["chart", "map", "table"], "measure": ["absolute", "per_station"]},
    "province": {"province": PROVINCES, "measure": ["coverage", "stations"]},
    "funding": {"province": PROVINCES, "display": ["program", "source", "trend"]},
    "beneficiaries": {"province": ["410000", "640000"], "by": ["category", "service_type"],
                      "measure": ["people_served", "sessions"]},
    "sources": {"region": ["410000", "130000", "640000", "110000", "131000"], "indicator": INDICATORS},
}
FINISHED = ForwardMsg.ScriptFinishedStatus
# what dashboard.py shows the public instead of an exception (PAGE_FAILED, zh and en): an error all the same
PAGE_FAILED = ("本页暂时无法显示", "This page cannot be shown")
TIMEOUT = 30.0


@dataclass
class Load:
    """What one page load or rerun sent back."""
    seconds: float
    finished: bool = False
    exceptions: list[str] = field(default_factory=list)
    elements: list[str] = field(default_factory=list)  # element types in order: "metric", "plotly_chart", ...
    texts: list[str] = field(default_factory=list)  # metric values, headings, markdown, alerts
    page_not_found: bool = False
    bytes: int = 0

    @property
    def ok(self) -> bool:
        return self.finished and not self.exceptions


class Session:
    """One browser tab: a cookie from GET /, a websocket, and reruns that name a page and its filters."""

    def __init__(self, base_url: str, cookie: str = ""):
        self.base = base_url.rstrip("/")
        self.cookie = cookie  # a returning browser (or one reconnecting) already has nginx's cookie
        self.ws = None

    async def open(self) -> Session:
        def get_page() -> str:
            req = urllib.request.Request(self.base + "/", headers={"Cookie": self.cookie} if self.cookie else {})
            with urllib.request.urlopen(req, timeout=TIMEOUT) as r:
                r.read()
                new = [c.split(";")[0] for c in r.headers.get_all("Set-Cookie") or []]
            return "; ".join(([self.cookie] if self.cookie else []) + new)

        self.cookie = await asyncio.to_thread(get_page)
        host = urlsplit(self.base).netloc
        headers = {"Cookie": self.cookie} if self.cookie else {}
        self.ws = await connect(f"ws://{host}/_stcore/stream", additional_headers=headers,
                                origin=self.base, subprotocols=["streamlit"], max_size=None, compression=None,
                                open_timeout=TIMEOUT, ping_interval=None)
        return self

    async def load(self, page: str = "", query: dict | str = "", timeout: float = TIMEOUT) -> Load:
        """Ask for `page` (its url path, "" for the default page) with `query` and wait until the script ends."""
        query_string = query if isinstance(query, str) else urlencode(query)
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = query_string
        state.page_name = page
        state.context_info.timezone = "Asia/Shanghai"
        state.context_info.locale = "zh-CN"
        state.context_info.url = f"{self.base}/{page}" + (f"?{query_string}" if query_string else "")
        t0 = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        result = Load(0.0)
        try:
            async with asyncio.timeout(timeout):
                while True:
                    data = await self.ws.recv()
                    result.bytes += len(data)
                    fwd = ForwardMsg()
                    fwd.ParseFromString(data)
                    kind = fwd.WhichOneof("type")
                    if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                        _read_element(fwd.delta.new_element, result)
                    elif kind == "page_not_found":
                        result.page_not_found = True
                    elif kind == "session_event" and fwd.session_event.HasField("script_compilation_exception"):
                        result.exceptions.append(fwd.session_event.script_compilation_exception.message)
                    elif kind == "script_finished":
                        if fwd.script_finished == FINISHED.FINISHED_WITH_COMPILE_ERROR:
                            result.exceptions.append("script did not compile")
                        if fwd.script_finished in (FINISHED.FINISHED_SUCCESSFULLY,
                                                   FINISHED.FINISHED_WITH_COMPILE_ERROR):
                            result.finished = True
                            break
                        # FINISHED_EARLY_FOR_RERUN: st.rerun() or a newer request; the page is not drawn yet
        except TimeoutError:
            pass
        result.seconds = time.perf_counter() - t0
        return result

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


def _read_element(element, result: Load) -> None:
    kind = element.WhichOneof("type")
    result.elements.append(kind)
    if kind == "exception":
        e = element.exception
        result.exceptions.append(": ".join(x for x in [e.type, e.message, "\n".join(e.stack_trace)] if x))
    elif kind == "metric":
        result.texts.append(element.metric.body)
    elif kind in ("markdown", "heading", "alert"):
        result.texts.append(getattr(element, kind).body)
        if kind == "alert" and element.alert.body.startswith(PAGE_FAILED):
            result.exceptions.append(element.alert.body)


def load_once(base_url: str, page: str = "", query: dict | str = "") -> Load:
    """One visitor opens one page (for tests)."""
    async def go() -> Load:
        s = await Session(base_url).open()
        try:
            return await s.load(page, query)
        finally:
            await s.close()
    return asyncio.run(go())


@dataclass
class Stats:
    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    first_loads: list[float] = field(default_factory=list)
    by_page: dict[str, list[float]] = field(default_factory=dict)


async def visitor(base: str, start_after: float, deadline: float, think: tuple[float, float], rng: random.Random,
                  stats: Stats) -> None:
    await asyncio.sleep(start_after)
    try:
        session = await Session(base).open()
    except Exception as e:  # a refused or failed connection is an error the visitor sees
        stats.errors.append(f"connect: {type(e).__name__}: {e}")
        return
    page = rng.choice(list(PAGES))
    query = {k: rng.choice(v) for k, v in PAGES[page].items() if rng.random() < 0.5}
    first = True
    try:
        while time.monotonic() < deadline:
            r = await session.load(page, query)
            if not r.finished:
                stats.errors.append(f"/{page}?{urlencode(query)}: not finished in {TIMEOUT:.0f} s")
            for e in r.exceptions:
                stats.errors.append(f"/{page}?{urlencode(query)}: {e}")
            stats.times.append(r.seconds)
            stats.by_page.setdefault(page or "overview", []).append(r.seconds)
            if first:
                stats.first_loads.append(r.seconds)
                first = False
            await asyncio.sleep(min(rng.uniform(*think), max(0.0, deadline - time.monotonic())))
            if rng.random() < 0.3 or not PAGES[page]:  # another page, with its filters from a link or default
                page = rng.choice(list(PAGES))
                query = {k: rng.choice(v) for k, v in PAGES[page].items() if rng.random() < 0.3}
            else:  # change one filter on this page
                key = rng.choice(list(PAGES[page]))
                query = {**query, key: rng.choice(PAGES[page][key])}
    except Exception as e:
        stats.errors.append(f"session: {type(e).__name__}: {e}")
    finally:
        try:
            await session.close()
        except Exception:
            pass


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory of a process (VmHWM) in MB."""
    with open(f"/proc/{pid}/status") as f:
        return int(next(x for x in f if x.startswith("VmHWM:")).split()[1]) / 1024


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        return int(next(x for x in f if x.startswith("VmRSS:")).split()[1]) / 1024


def run_load(base: str, sessions: int, seconds: float, ramp: float, think: tuple[float, float], seed: int) -> dict:
    rng = random.Random(seed)
    stats = Stats()

    async def go():
        t0 = time.monotonic()
        deadline = t0 + seconds
        await asyncio.gather(*(visitor(base, ramp * i / sessions, deadline, think, random.Random(rng.random()),
                                       stats) for i in range(sessions)))
        return time.monotonic() - t0

    cpu0 = time.process_time()
    elapsed = asyncio.run(go())
    times = sorted(stats.times)
    q = statistics.quantiles(times, n=100) if len(times) >= 2 else [float("nan")] * 99
    return {"sessions": sessions, "seconds": round(elapsed, 1), "reruns": len(times),
            "reruns_per_s": round(len(times) / elapsed, 2), "p50_s": round(q[49], 3), "p95_s": round(q[94], 3),
            "max_s": round(times[-1], 3) if times else None,
            "first_load_p95_s": round(statistics.quantiles(stats.first_loads, n=20)[18], 3)
            if len(stats.first_loads) >= 2 else None,
            "p95_by_page_s": {p: round(statistics.quantiles(t, n=20)[18], 2) for p, t in sorted(stats.by_page.items())
                              if len(t) >= 2},
            "errors": len(stats.errors), "error_examples": sorted(set(stats.errors))[:5],
            "client_cpu_s": round(time.process_time() - cpu0, 1)}


def warm_up(urls: list[str]) -> None:
    """Every page once on every replica, as the first visitors after a (re)start would: fills the query caches."""
    async def go(base):
        s = await Session(base).open()
        for page in PAGES:
            await s.load(page)
        await s.close()
    for url in urls:
        asyncio.run(go(url))


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--sessions", type=int, default=50)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--ramp", type=float, default=10, help="sessions arrive evenly over this many seconds")
    p.add_argument("--think", type=float, nargs=2, default=(3.0, 8.0), help="seconds between actions (uniform)")
    p.add_argument("--target", choices=["single", "nginx", "both"], default="both")
    p.add_argument("--replicas", type=int, default=2)
    p.add_argument("--url", help="an already running deployment instead (no server memory then)")
    p.add_argument("--warehouse")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    think = tuple(args.think)
    if args.url:
        print(json.dumps(run_load(args.url, args.sessions, args.seconds, args.ramp, think, args.seed)))
        return
    from deploy.run import Deployment

    targets = ["single", "nginx"] if args.target == "both" else [args.target]
    for target in targets:
        nginx = target == "nginx"
        with Deployment(args.replicas if nginx else 1, warehouse=args.warehouse, nginx=nginx) as d:
            warm_up([d.replica_url(i) for i in range(len(d.replica_ports))])
            result = run_load(d.url, args.sessions, args.seconds, args.ramp, think, args.seed)
            result["target"] = f"{args.replicas} replicas behind nginx" if nginx else "one process"
            result["server_peak_rss_mb"] = [round(peak_rss_mb(pid)) for pid in d.pids()]
            result["server_rss_end_mb"] = [round(rss_mb(pid)) for pid in d.pids()]
            if d.nginx_pid is not None:
                result["nginx_master_rss_mb"] = round(rss_mb(d.nginx_pid))
        print(json.dumps(result, ensure_ascii=False), flush=True)
    print(f"load client peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
