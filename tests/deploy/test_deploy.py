"""`make deploy` as an operator runs it: 2 public replicas behind nginx, supervised by supervisord. Pages load
through nginx, a visitor stays on one replica, static boundaries are gzipped and cached; a replica killed with
kill -9 is back within 15 s while the site keeps answering, and so is nginx; an office behind one address can open
more than 100 tabs; Ctrl-C stops every process and leaves the logs."""
import asyncio
import os
import re
import shutil
import signal
import time
import urllib.error
import urllib.request

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from benchmarks.load import Session
from benchmarks.restart import MakeDeploy, alive, descendants, kill_replica
from deploy.run import Deployment

pytestmark = pytest.mark.deploy


@pytest.fixture(scope="module")
def site():
    d = MakeDeploy(replicas=2)
    try:
        yield d.start()
    finally:
        d.stop()
        shutil.rmtree(d.dir, ignore_errors=True)
        d.output.unlink(missing_ok=True)


def get(url: str, cookie: str = "", gzip: bool = False, timeout: float = 10):
    headers = {"Cookie": cookie} if cookie else {}
    if gzip:
        headers["Accept-Encoding"] = "gzip"
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=timeout) as r:
        return r.status, r.read(), r.headers


def served_by(site, *routes: str) -> list[set[str]]:
    """For each visitor (its route cookie), the replicas (host:port) nginx sent its requests to (access log)."""
    time.sleep(0.1)  # nginx writes the line after the response
    lines = (site.dir / "access.log").read_text().splitlines()
    return [{m for line in lines if line.endswith(f"route={route}") for m in re.findall(r"upstream=(\S+)", line)}
            for route in routes]


def wait_running(site, timeout: float = 30) -> None:
    """Every program RUNNING and every replica healthy on its own port (after a test killed one)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if all(s == "RUNNING" for s, _ in site.status().values()) and all(
                    get(f"http://127.0.0.1:{p}/_stcore/health")[0] == 200 for p in site.replica_ports):
                return
        except OSError:
            pass
        assert time.monotonic() < deadline, site.status()
        time.sleep(0.2)


def test_make_deploy_runs_every_replica_and_nginx_under_supervisord(site):
    state = site.status()
    assert set(state) == {"replica_0", "replica_1", "nginx"}
    assert all(s == "RUNNING" and pid for s, pid in state.values()), state
    assert f"logs in {site.dir}" in site.text()
    shown = site.supervisorctl("status")  # what the operator's command prints
    for name, (_, pid) in state.items():
        assert re.search(rf"^{name}\s+RUNNING\s+pid {pid},", shown, re.MULTILINE), shown


def test_first_visitor_of_a_fresh_server_asking_for_admin_gets_the_overview(site):
    """Before any session has run st.navigation a fresh server still knows only pages/: /admin must not run."""
    async def first_visits():
        pages = []
        for port in site.replica_ports:
            session = await Session(f"http://127.0.0.1:{port}").open()
            pages.append(await session.load("admin"))
            await session.close()
        return pages

    for page in asyncio.run(first_visits()):
        assert page.ok and "数据管理" not in page.texts and "515个" in page.texts


def test_page_and_health_through_nginx(site):
    status, body, headers = get(site.url + "/")
    assert status == 200 and b"<title>" in body
    assert re.match(r"shegong_route=\w{32}; Path=/; HttpOnly", headers["Set-Cookie"])
    status, body, _ = get(site.url + "/_stcore/health")
    assert (status, body) == (200, b"ok")


def test_boundaries_are_gzipped_and_cacheable(site):
    status, body, headers = get(site.url + "/app/static/provinces.geojson", gzip=True)
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert len(body) < 400_000  # 1.06 MB of GeoJSON
    assert "max-age=3600" in headers["Cache-Control"] and headers["ETag"]
    with pytest.raises(urllib.error.HTTPError, match="404"):
        get(site.url + "/app/static/README.md")  # only the boundary files


def test_streamlit_assets_are_cached_by_nginx(site):
    _, body, _ = get(site.url + "/")
    script = re.search(rb'src="\./(static/js/[^"]+\.js)"', body).group(1).decode()
    first = get(site.url + "/" + script)[2]["X-Cache"]
    time.sleep(0.5)  # nginx files the answer in its cache once the last byte is sent
    assert (first, get(site.url + "/" + script)[2]["X-Cache"]) == ("MISS", "HIT")


def test_a_visitor_stays_on_one_replica_and_visitors_spread(site):
    routes = []
    for _ in range(16):
        cookie = get(site.url + "/")[2]["Set-Cookie"].split(";")[0]
        for _ in range(3):
            get(site.url + "/_stcore/health", cookie)
        routes.append(cookie.split("=")[1])
    used = served_by(site, *routes)
    assert all(len(u) == 1 for u in used), used
    assert set.union(*used) == {f"127.0.0.1:{p}" for p in site.replica_ports}


def test_an_office_behind_one_address_opens_300_tabs(site):
    """All from 127.0.0.1, as an office behind one NAT: the 101st tab used to get 429."""
    async def tabs(n: int) -> int:
        opened = []
        try:
            for _ in range(n):
                opened.append(await connect(f"ws://127.0.0.1:{site.port}/_stcore/stream", origin=site.url,
                                            subprotocols=["streamlit"], open_timeout=10, ping_interval=None))
            return len(opened)
        finally:
            await asyncio.gather(*(ws.close() for ws in opened))

    assert asyncio.run(tabs(300)) == 300


def status_headers(url: str, method: str = "GET", gzip: bool = False):
    request = urllib.request.Request(url, method=method, headers={"Accept-Encoding": "gzip"} if gzip else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, b""


def test_every_response_has_the_security_headers(site):
    """The same CSP, framing, nosniff and referrer policy on every location (deploy/security-headers.conf): a
    location's own add_header (Cache-Control, Set-Cookie, X-Cache) must not drop them (issue 21)."""
    _, _, body = status_headers(site.url + "/")
    script = re.search(rb'src="\./(static/js/[^"]+\.js)"', body).group(1).decode()
    for path, method, expected in (("/", "GET", 200), ("/_stcore/health", "GET", 200), ("/" + script, "GET", 200),
                                   ("/app/static/provinces.geojson", "GET", 200), ("/app/static/README.md", "GET", 404),
                                   ("/_stcore/upload_file/x", "GET", 403), ("/", "POST", 405),
                                   ("/province/_stcore/health", "GET", 404)):
        status, headers, _ = status_headers(site.url + path, method)
        assert status == expected, (path, status)
        csp = headers["Content-Security-Policy"] or ""
        assert "img-src 'self' data: blob:;" in csp and "frame-ancestors 'self'" in csp, (path, csp)
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Referrer-Policy"] == "same-origin" and headers["X-Frame-Options"] == "SAMEORIGIN", path


def test_boundaries_are_sent_precompressed(site):
    """gzip_static: the .gz deploy wrote beside the boundary file is sent as it is, never gzipped per request."""
    from shegong.config import ROOT
    _, headers, body = status_headers(site.url + "/app/static/provinces.geojson", gzip=True)
    assert headers["Content-Encoding"] == "gzip"
    assert body == (ROOT / "static" / "provinces.geojson.gz").read_bytes()


def test_every_location_is_rate_limited_per_address():
    """A small rate and burst: one address asking fast gets 429 on pages, boundaries and the health probe alike."""
    from concurrent.futures import ThreadPoolExecutor

    with Deployment(1, req_rate=2, req_burst=5) as d:
        conf = (d.prefix / "nginx.conf").read_text()
        for path in ("/", "/_stcore/health", "/app/static/provinces.geojson"):
            with ThreadPoolExecutor(8) as pool:
                codes = list(pool.map(lambda _: status_headers(d.url + path)[0], range(40)))  # noqa: B023
            assert 429 in codes and 200 in codes, (path, codes)
            time.sleep(3)  # the bucket refills
    # structurally: every location that serves or proxies is under a limit (its own, or the server's)
    assert conf.count("limit_req zone=perip_req") >= 5


def test_the_per_address_session_limit_is_the_operators_setting():
    """MAX_SESSIONS (make) / --max-sessions / SHEGONG_MAX_SESSIONS_PER_ADDRESS reaches nginx: one tab more gets 429."""
    async def tabs(url: str, n: int):
        opened = []
        try:
            for _ in range(n):
                opened.append(await connect(url.replace("http", "ws") + "/_stcore/stream", origin=url,
                                            subprotocols=["streamlit"], open_timeout=10, ping_interval=None))
            with pytest.raises(InvalidStatus, match="429"):
                await connect(url.replace("http", "ws") + "/_stcore/stream", origin=url, subprotocols=["streamlit"],
                              open_timeout=10)
        finally:
            await asyncio.gather(*(ws.close() for ws in opened))

    with Deployment(1, max_sessions=3) as d:
        assert "limit_conn perip_conn 3;" in (d.prefix / "nginx.conf").read_text()
        asyncio.run(tabs(d.url, 3))


def test_a_replica_killed_with_kill_9_is_back_within_15_s_and_the_site_keeps_answering(site):
    wait_running(site)
    outage = kill_replica(site, 0)
    print(f"\nkill -9 replica_0 under make deploy: back after {outage.back_after} s (new pid {outage.new_pid}); "
          f"{outage.requests} requests through nginx meanwhile, {len(outage.failures)} failed")
    assert outage.back_after is not None and outage.back_after < 15, outage
    assert outage.requests > 20 and outage.failures == [], outage.failures[:5]
    assert "exited: replica_0 (terminated by SIGKILL; not expected)" in site.text()
    assert (site.dir / "supervisord.log").read_text().count("spawned: 'replica_0'") == 2


def test_an_open_page_reconnects_after_its_replica_is_killed(site):
    wait_running(site)

    async def scenario():
        first = await Session(site.url).open()
        page = await first.load("")
        assert page.ok and "515个" in page.texts  # Henan's stations on the overview
        route = first.cookie.split("=")[1]
        ((replica,),) = served_by(site, route)
        i = site.replica_ports.index(int(replica.rsplit(":", 1)[1]))
        os.kill(site.replica_pid(i), signal.SIGKILL)
        # the open tab loses its connection, as a browser would see it (whichever error says so) ...
        with pytest.raises(Exception):  # noqa: B017
            await first.load("province")
        # ... and reconnects with the same cookie: nginx fails over to the replica still running
        again = await Session(site.url, cookie=first.cookie).open()
        page = await again.load("province", "province=130000")
        await again.close()
        assert page.ok and "河北省：乡镇(街道)社工站" in page.texts
        assert get(site.url + "/_stcore/health")[0] == 200

    asyncio.run(scenario())
    wait_running(site)


def test_nginx_killed_with_kill_9_is_restarted_and_its_orphaned_workers_go(site):
    """The workers of a killed nginx master keep its port: the new master could not bind it, and they would outlive
    make deploy. supervisord starts nginx again and the launcher ends the old group first."""
    wait_running(site)
    _, old = site.status()["nginx"]
    workers = descendants(old)
    assert workers
    os.kill(old, signal.SIGKILL)
    t0 = time.monotonic()
    while True:
        state, pid = site.status()["nginx"]
        if state == "RUNNING" and pid != old:
            try:
                if get(site.url + "/_stcore/health", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
        assert time.monotonic() - t0 < 15, (state, pid)
        time.sleep(0.2)
    assert [w for w in workers if alive(w)] == []
    time.sleep(2)  # still the same nginx: not one that fails to bind and is started again
    assert site.status()["nginx"] == ("RUNNING", pid)


def test_ctrl_c_stops_every_process_and_keeps_the_logs(site):
    """Last: stops the module's deployment."""
    wait_running(site)
    get(site.url + "/")  # a request of its own in the access log
    started = descendants(site.proc.pid)  # the shell, run.py, supervisord, replicas, nginx master and workers
    assert len(started) >= 6, started
    site.stop(signal.SIGINT)
    time.sleep(0.5)
    assert [pid for pid in started if alive(pid)] == []
    for port in (site.port, *site.replica_ports):
        with pytest.raises(OSError):
            get(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
    logs = {f.name: f.read_text(errors="replace") for f in site.dir.glob("*.log")}
    assert all(f"stopped: {name} (exit status 0)" in logs["supervisord.log"]
               for name in ("replica_0", "replica_1", "nginx")), logs["supervisord.log"]
    assert '"GET / HTTP/1.1" 200' in logs["access.log"] and "upstream=127.0.0.1:" in logs["access.log"]
    assert all("You can now view" in logs[f"replica_{i}.log"] for i in range(2)), logs.keys()
