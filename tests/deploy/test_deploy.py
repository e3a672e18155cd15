"""Two public replicas behind nginx on loopback (deploy/run.py): pages load through nginx, a visitor stays on one
replica, static boundaries are gzipped and cached, and when a replica stops its visitors are served by the other."""
import asyncio
import re
import time
import urllib.error
import urllib.request

import pytest

from benchmarks.load import Session
from deploy.run import NGINX, Deployment

pytestmark = pytest.mark.skipif(not NGINX, reason="nginx is not installed: `make setup` installs Debian's nginx")


@pytest.fixture(scope="module")
def site(warehouse):
    with Deployment(2, warehouse=warehouse) as d:
        yield d


def get(url: str, cookie: str = "", gzip: bool = False):
    headers = {"Cookie": cookie} if cookie else {}
    if gzip:
        headers["Accept-Encoding"] = "gzip"
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as r:
        return r.status, r.read(), r.headers


def served_by(site, *routes: str) -> list[set[str]]:
    """For each visitor (its route cookie), the replicas (host:port) nginx sent its requests to (access log)."""
    time.sleep(0.1)  # nginx writes the line after the response
    lines = (site.prefix / "access.log").read_text().splitlines()
    return [{m for line in lines if line.endswith(f"route={route}") for m in re.findall(r"upstream=(\S+)", line)}
            for route in routes]


def test_first_visitor_of_a_fresh_server_asking_for_admin_gets_the_overview(site):
    """Before any session has run st.navigation a fresh server still knows only pages/: /admin must not run."""
    async def first_visits():
        pages = []
        for url in (site.replica_url(0), site.replica_url(1)):
            session = await Session(url).open()
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
    get(site.url + "/" + script)
    assert get(site.url + "/" + script)[2]["X-Cache"] == "HIT"


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


def test_page_loads_over_the_websocket_and_after_its_replica_stops(site):
    async def scenario():
        first = await Session(site.url).open()
        page = await first.load("")
        assert page.ok and "515个" in page.texts  # Henan's stations on the overview
        route = first.cookie.split("=")[1]
        ((replica,),) = served_by(site, route)
        site.stop_replica(site.replica_ports.index(int(replica.rsplit(":", 1)[1])), crash=True)
        with pytest.raises(Exception):  # the open tab loses its connection, as a browser would see it ...
            await first.load("province")
        # ... and reconnects with the same cookie: nginx fails over to the replica still running
        again = await Session(site.url, cookie=first.cookie).open()
        page = await again.load("province", "province=130000")
        await again.close()
        assert page.ok and "河北省：乡镇(街道)社工站" in page.texts
        assert get(site.url + "/_stcore/health")[0] == 200

    asyncio.run(scenario())
