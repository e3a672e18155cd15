"""The baked public site (`python -m shegong publish`) from a plain static server: every internal link and download
resolves, each kind of page draws every chart in headless Chromium (every page in the full sweep, tests/sweep.py)
with no request leaving the site, no demo data without --demo, and the seed figures are there."""
import functools
import html.parser
import http.server
import json
import re
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urljoin, urlparse
from urllib.request import urlopen

import pytest

from shegong.config import ROOT
from tests.sweep import FULL, variants_of

pytestmark = pytest.mark.browser
LIVE = "https://live.example.org/dashboard"
MAGIC = {".png": b"\x89PNG", ".svg": b"<svg", ".xlsx": b"PK", ".csv": b"\xef\xbb\xbf"}


def publish(out: Path, *args: str) -> dict:
    """The operator's command; the dashboard's warehouse (conftest) holds demo records."""
    done = subprocess.run([sys.executable, "-m", "shegong", "publish", "--out", str(out), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads((out / "snapshot.json").read_text(encoding="utf-8"))


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def serve():
    """A plain static server (python's http.server) for a folder; yields a function folder → base URL."""
    servers = []

    def start(folder: Path) -> str:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="module")
def site(warehouse, tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "public"
    # one province's pages (Ningxia's: the demo site below); both languages and every download format
    info = publish(out, "--live-url", LIVE, "--province", "410000")
    return out, info


def open_page(new_page, base: str, outside: list, width: int = 1280):
    """A page whose every request to another host is refused and recorded."""
    host = urlparse(base).netloc
    page = new_page(viewport={"width": width, "height": 900})

    def guard(route):
        url = route.request.url
        if urlparse(url).netloc == host or url.startswith("data:"):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    page.route("**/*", guard)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return page, errors


def draw(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("""() => [...document.querySelectorAll('.chart')]
        .every(c => c.querySelector('.main-svg'))""", timeout=30_000)


class Links(html.parser.HTMLParser):
    """What a page links to (a and link href, script src) and whether it has a bake time."""

    def __init__(self):
        super().__init__()
        self.links, self.stamped = [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        link = attrs.get("href") if tag in ("a", "link") else attrs.get("src") if tag == "script" else None
        if link:
            self.links.append(link)
        self.stamped = self.stamped or (tag == "time" and "datetime" in attrs)


def test_every_page_link_and_download_of_the_site_works_offline(site, serve):
    """Every page reached from the home by its links, each link relative, each download and asset served with
    the right kind of content: the site works from any folder, offline (drawing it: the test after this)."""
    folder, info = site
    base = serve(folder)
    todo, seen, checked, charts = [urljoin(base, "index.html")], set(), set(), 0
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        text = urlopen(url, timeout=10).read().decode("utf-8")
        charts += text.count('<div class="chart"')
        page = Links()
        page.feed(text)
        assert page.stamped, f"{url}: no bake time"
        assert any(link.startswith(LIVE) for link in page.links), f"{url}: no link to the live dashboard"
        for link in page.links:
            if link.startswith(("https://", "http://", "data:")):
                continue  # sources and the live dashboard: links out, never requests
            assert not link.startswith("/"), f"{url}: {link} is not relative"
            target = urljoin(url, link).split("#")[0]
            if target.endswith(".html") and "/embed/" not in target:
                todo.append(target)
            elif target not in checked:
                checked.add(target)
                body = urlopen(target, timeout=10).read()  # raises on 404
                magic = MAGIC.get(Path(urlparse(target).path).suffix)
                assert body and (magic is None or body.startswith(magic)), target
    pages = {urljoin(base, p) for p in info["pages"]}
    assert pages <= seen, f"pages no link leads to: {sorted(pages - seen)[:5]}"
    assert charts >= 20
    downloads = [u for u in checked if "/downloads/" in u]
    assert {Path(u).suffix for u in downloads} == {".png", ".svg", ".csv", ".xlsx"}
    assert len(downloads) == info["downloads"]
    embeds = [u for u in checked if "/embed/" in u]
    assert len(embeds) == info["embeds"]


def kinds_of(pages: list[str]) -> dict[str, list[str]]:
    """The site's pages by kind, each kind in both languages: compare/funding_cny--per_station.html and
    en/compare/stations_built--per_station.html are one kind, drawn by the same code from different data."""
    kinds: dict[str, list[str]] = {}
    for path in sorted(pages):
        parts = path.removeprefix("en/").split("/")
        kind = parts[0] + ("--" + parts[-1].split("--")[1] if "--" in parts[-1] else "")
        kinds.setdefault(kind, []).append(path)
    return kinds


def test_every_kind_of_page_draws_offline_with_no_request_leaving_the_site(site, serve, new_page):
    """Each kind of page (the home, sources, a province, each compare measure...) drawn in Chromium, its languages
    in turn (tests/sweep.py; every page in the full sweep): every chart drawn, no error, no request to another
    host; the home's map of China draws every provincial unit."""
    folder, info = site
    base = serve(folder)
    outside = []
    page, errors = open_page(new_page, base, outside)
    drawn = 0
    for kind, paths in kinds_of(info["pages"]).items():
        chosen = paths if FULL else [p for p in paths if p.startswith("en/") == (drawn % 2 == 1)] or paths[:1]
        for path in chosen[:None if FULL else 1]:
            draw(page, urljoin(base, path))
            drawn += 1
            if kind == "index.html":
                assert page.locator("path.choroplethlocation").count() >= 34, path
    assert not errors, errors[:5]
    assert not outside, outside[:5]
    assert drawn >= 8


def test_charts_come_as_embeds_that_draw_alone_and_link_back(site, serve, new_page):
    folder, _ = site
    base = serve(folder)
    outside = []
    page, errors = open_page(new_page, base, outside, width=600)
    page.goto(urljoin(base, "index.html"))
    page.locator("section[id='overview.map'] details.embed summary").click()
    snippet = page.locator("section[id='overview.map'] details.embed textarea").input_value()
    src = re.search(r'<iframe src="([^"]+)"', snippet).group(1)
    assert src.startswith(base + "embed/overview.map") and src.endswith(".html")
    host = new_page()
    host.route("**/*", lambda r: r.continue_() if r.request.url.startswith((base, "data:", "about:"))
               else (outside.append(r.request.url), r.abort()))
    host.set_content(f"<html><body>{snippet}</body></html>")
    frame = host.frame_locator("iframe")
    frame.locator("path.choroplethlocation").first.wait_for(timeout=30_000)
    back = frame.locator("a[target=_top]").first.get_attribute("href")
    assert urlopen(urljoin(src, back), timeout=10).status == 200
    assert not outside and not errors, (outside, errors)


def test_pages_serve_boundaries_and_assets_from_the_site_with_hashed_names(site):
    folder, _ = site
    zh = (folder / "index.html").read_text(encoding="utf-8")
    en = (folder / "en" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'src="assets/plotly\.[0-9a-f]{10}\.min\.js"', zh)
    assert re.search(r'src="\.\./assets/plotly\.[0-9a-f]{10}\.min\.js"', en)
    assert re.search(r'"geojson":"assets/provinces\.[0-9a-f]{10}\.geojson"', zh)
    assert re.search(r'"geojson":"\.\./assets/provinces\.[0-9a-f]{10}\.geojson"', en)
    assert "/app/static" not in zh and "cdn" not in zh.lower().replace("cdnjs", "")


def test_every_baked_figure_is_sent_as_the_live_page_sends_it(site):
    """A news spike loads the snapshot's pages many times: each figure comes without the server's layout notes
    (layout.meta) and with the template's defaults for its own trace types only, as on the live page
    (charts.base.for_screen); this once made the pages 40 % heavier."""
    folder, _ = site
    islands = 0
    for f in folder.rglob("*.html"):
        for island in re.findall(r'<script type="application/json" id="(?:fig|phone)-[^"]*">(.*?)</script>',
                                 f.read_text(encoding="utf-8"), flags=re.S):
            spec = json.loads(island)
            drawn = {trace.get("type", "scatter") for trace in spec["data"]}
            assert "meta" not in spec["layout"], f
            assert set(spec["layout"].get("template", {}).get("data", {})) <= drawn, f
            islands += 1
    assert islands


def test_the_snapshot_has_the_seed_figures_and_no_demo_data_without_the_flag(site):
    folder, info = site
    assert info["demo"] is False
    overview = (folder / "index.html").read_text(encoding="utf-8")
    assert "515" in overview and "8,946.66万" in overview
    assert "89.4666 million" in (folder / "en" / "index.html").read_text(encoding="utf-8")
    henan = (folder / "en" / "province" / "410000.html").read_text(encoding="utf-8")
    assert "<h1>Henan: Township social work stations</h1>" in henan and "<h2>Progress to targets</h2>" in henan
    for f in folder.rglob("*"):
        if f.suffix in (".html", ".csv", ".svg", ".json"):
            text = f.read_text(encoding="utf-8-sig")
            assert "演示数据" not in text and "DEMO DATA" not in text and "Demo data" not in text, f


def test_every_baked_chart_and_embed_carries_the_live_pages_citation(site):
    """引用本图 on the snapshot is catalog.cite's text, as under the live chart: one per exhibit, each embed too."""
    import datetime as dt
    import html

    from shegong import catalog
    from shegong.catalog.cite import cite

    folder, info = site
    day = dt.date.fromisoformat(info["baked_at"][:10])
    for f in folder.rglob("*.html"):
        text = f.read_text(encoding="utf-8")
        if "/embed/" in f.as_posix():
            foot = r'<p class="embed-foot cite">(引用本图：|Cite this chart: ).+(社工站数据看板|Shegong Dashboard)'
            assert re.search(foot, text), f
            continue
        cites = [html.unescape(c) for c in re.findall(r'<details class="cite">.*?<textarea[^>]*>(.*?)</textarea>',
                                                       text, re.S)]
        assert len(cites) == text.count('<section class="exhibit'), f
        assert all(day.isoformat() in c for c in cites), f
    home = (folder / "index.html").read_text(encoding="utf-8")
    shown = [i for i in re.findall(r'<section class="exhibit[^"]*" id="([^"]+)"', home) if i in catalog.ids()]
    assert shown  # the home page's exhibits at their defaults: the very text the live page would give
    for chart_id in shown:
        assert html.escape(cite(catalog.build(chart_id), "", "zh", day), quote=False) in home, chart_id


def test_with_the_demo_flag_demo_records_are_in_and_labelled(warehouse, tmp_path, serve, new_page):
    out = tmp_path / "demo-site"
    info = publish(out, "--demo", "--lang", "zh", "--province", "640000", "--formats", "csv")
    assert info["demo"] is True
    base = serve(out)
    outside = []
    page, errors = open_page(new_page, base, outside)
    draw(page, urljoin(base, "province/640000.html"))
    assert page.locator(".box.demo").count() == 1  # the page says it holds demo data
    assert page.locator("path.choroplethlocation").count() >= 22  # Ningxia's counties, from demo records
    assert "演示数据" in page.locator(".chart").first.inner_text() or page.locator(".is-demo").count() >= 1
    assert page.locator("a.lang").count() == 0  # no English twin was baked: no link to one
    assert not outside and not errors, (outside, errors)


def test_the_live_dashboard_links_to_the_snapshot_and_says_when_it_was_baked(site, monkeypatch):
    from streamlit.testing.v1 import AppTest

    folder, info = site
    monkeypatch.setenv("SHEGONG_SNAPSHOT_URL", "https://snapshot.example.org/shegong/")
    monkeypatch.setenv("SHEGONG_SNAPSHOT_DIR", str(folder))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    assert not at.exception
    note = " ".join(c.value for c in at.sidebar.caption)
    assert "[静态快照](https://snapshot.example.org/shegong/index.html)" in note
    assert info["baked_at_text"] in note
    monkeypatch.delenv("SHEGONG_SNAPSHOT_URL")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    assert "静态快照" not in " ".join(c.value for c in at.sidebar.caption)


def test_publish_serve_runs_nginx_with_gzip_and_long_caching_of_hashed_assets(site, tmp_path, port, new_page):
    import time
    import urllib.request

    folder, _ = site
    # pytest's folders are private (and one deeper under xdist's workers); nginx's workers run as nobody
    temp = Path(tempfile.gettempdir())
    for d in [folder, *folder.parents]:
        if d == temp or temp not in d.parents:
            break
        d.chmod(0o755)
    proc = subprocess.Popen([sys.executable, "-m", "shegong", "publish-serve", "--site", str(folder), "--port",
                             str(port), "--prefix", str(tmp_path / "nginx")], cwd=ROOT)
    base = f"http://127.0.0.1:{port}/"

    def get(path, method="GET"):
        request = urllib.request.Request(base + path, method=method, headers={"Accept-Encoding": "gzip"})
        try:
            with urllib.request.urlopen(request, timeout=5) as r:
                return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, b""

    try:
        for _ in range(100):
            try:
                get("index.html")
                break
            except OSError:
                time.sleep(0.1)
        html = (folder / "index.html").read_text(encoding="utf-8")
        plotly = re.search(r'src="(assets/plotly\.[0-9a-f]+\.min\.js)"', html).group(1)
        geojson = re.search(r'"geojson":"(assets/provinces\.[0-9a-f]+\.geojson)"', html).group(1)
        status, headers, body = get(plotly)
        assert status == 200 and headers["Content-Encoding"] == "gzip" and len(body) < 2_000_000
        assert "immutable" in headers["Cache-Control"] and "max-age=31536000" in headers["Cache-Control"]
        status, headers, _ = get(geojson)
        assert headers["Content-Type"] == "application/geo+json" and headers["Content-Encoding"] == "gzip"
        status, headers, _ = get("index.html")
        assert status == 200 and headers["Cache-Control"] == "public, max-age=300"
        assert get("index.html", "POST")[0] == 405
        assert get("no-such-page.html")[0] == 404
        # the same security headers on every response (a location's own add_header must not drop them)
        embed = next(p.relative_to(folder).as_posix() for p in (folder / "embed").rglob("*.html"))
        for path in ("index.html", plotly, geojson, "snapshot.json", "no-such-page.html", embed, "en/index.html"):
            headers = get(path)[1]
            csp = headers["Content-Security-Policy"]
            assert "script-src 'self';" in csp and "img-src 'self' data: blob:;" in csp, path
            assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "same-origin", path
            framing = "frame-ancestors *" if path == embed else "frame-ancestors 'none'"
            assert csp.endswith(framing), path
            assert headers["X-Frame-Options"] == (None if path == embed else "DENY"), path
        # every page draws its charts under that policy, in Chromium, with no refused request
        page = new_page()
        refused = []
        page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
        for path in ("index.html", embed):
            draw(page, base + path)
            assert page.locator("path.choroplethlocation, .main-svg").count() > 0
        assert not refused, refused[:3]
        # one address asking too fast is slowed (429), on pages and assets alike
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(16) as pool:
            codes = list(pool.map(lambda i: get(geojson if i % 2 else "index.html")[0], range(600)))
        assert codes.count(429) > 0 and codes.count(200) >= 200, (codes.count(200), codes.count(429))
        # a stop is prompt even while a client holds a half-sent request open (make's SIGTERM, Ctrl-C)
        import socket
        hanging = socket.create_connection(("127.0.0.1", port))
        hanging.sendall(b"GET /index.html HTTP/1.1\r\nHost: x\r\n")
        started = time.monotonic()
        proc.terminate()
        proc.wait(timeout=30)
        assert time.monotonic() - started < 15 and proc.returncode is not None
        hanging.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)



# ---- issue 22: the snapshot's home is the live overview; its tables read on a phone

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True,
         "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
                       "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"}
NARROW = {"viewport": {"width": 390, "height": 844}}  # a narrow desktop window: the phone layout by width
SIZES = (NARROW, PHONE, {"viewport": {"width": 1440, "height": 900}}, {"viewport": {"width": 1920, "height": 1080}})
LANGS = ("zh", "en")  # each language at some of the sizes, the sizes in turn (tests/sweep.py; all in the full sweep)


def live_overview(lang: str, codes) -> tuple[list[str], dict[str, str]]:
    """What the live overview shows, in order (its exhibits, 本期要点 as "brief", the nation's line as "info", the
    province cards as "cards"), and each compared province's station figure from its headline exhibit."""
    from shegong import catalog, i18n
    from shegong.catalog import overview

    i18n.set_language(lang)
    try:
        order = {"brief": "brief", "info": "info", "provinces": "cards"}
        parts = [rest[0] if kind == "exhibit" else order[kind] for kind, *rest in overview.parts(codes)
                 if kind in ("exhibit", *order)]
        df = catalog.build("overview.progress").full
        return parts, dict(zip(df["name"], df["shown"]))
    finally:
        i18n.set_language("zh")


SEQUENCE = """() => [...document.querySelectorAll('main > *')].map(e => e.matches('section.exhibit') ? e.id
    : e.matches('.briefs') ? 'brief' : e.matches('div.box:not(.demo)') ? 'info' : e.matches('.cards') ? 'cards' : '')
    .filter(x => x).filter((x, i, all) => x !== all[i - 1])"""


@pytest.mark.parametrize("lang", LANGS)
def test_the_home_is_the_live_overview_led_by_each_provinces_station_progress(site, serve, new_page, lang):
    folder, _ = site
    base = serve(folder)
    order, figures = live_overview(lang, ["410000"])  # the site fixture bakes Henan's pages
    assert len(figures) >= 4 and all(figures.values())
    for size in variants_of(lang, LANGS, SIZES[:3]):
        page = new_page(**size)
        draw(page, urljoin(base, "index.html" if lang == "zh" else "en/index.html"))
        assert page.evaluate(SEQUENCE) == order, size
        # the headline chart as drawn says each province's figure (a coverage, a count, or 暂无公开数字), inside it
        shown = page.locator("section[id='overview.progress'] .chart").evaluate("""(chart, words) => {
            const box = chart.getBoundingClientRect(), texts = [...chart.querySelectorAll('text')];
            const inside = r => r.width > 0 && r.left >= box.left - 1 && r.right <= box.right + 1;
            return words.filter(w => texts.some(t => t.textContent.includes(w) && inside(t.getBoundingClientRect())));
        }""", [*figures, *figures.values()])
        assert set(shown) == {*figures, *figures.values()}, (size["viewport"], shown)


@pytest.mark.parametrize("lang", LANGS)
def test_tables_stack_into_cards_on_a_phone_and_stay_tables_on_wide_screens(site, serve, new_page, lang):
    """At 390 px (a phone, and a narrow desktop window) every table row is a card of "column: value" lines: no cell
    squeezed to a character a line, nothing wider than the screen; at 1440 and 1920 px a table is a table."""
    folder, _ = site
    base = serve(folder)
    prefix = "" if lang == "zh" else "en/"
    compare = sorted((folder / prefix / "compare").glob("*.html"))[0].relative_to(folder).as_posix()
    cells = 0
    for size in variants_of(lang, LANGS, SIZES):
        page = new_page(**size)
        width = size["viewport"]["width"]
        for path in (f"{prefix}index.html", f"{prefix}sources.html", compare):
            draw(page, urljoin(base, path))
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (width, path)
            # on a phone nothing reaches past the screen, tables included (their header row is for screen readers
            # only there); a wide screen may scroll a wide table
            widest = page.evaluate("""phone => Math.max(...[...document.querySelectorAll('main *')]
                .filter(e => e.offsetParent && !e.closest(phone ? '.chart, thead' : '.chart, .table-wrap'))
                .map(e => e.getBoundingClientRect().right))""", width < 700)
            assert widest <= width, (width, path, widest)
            tds = page.locator("main td").evaluate_all("""els => els.filter(e => e.offsetParent).map(e => [
                e.getBoundingClientRect().width, getComputedStyle(e).display])""")
            cells += len(tds)
            if width < 700:
                assert not [w for w, _ in tds if w < 250], (path, sorted(w for w, _ in tds)[:5])
                assert page.locator("main thead").evaluate_all("els => els.every(e => e.offsetHeight <= 1)")
            else:
                assert {d for _, d in tds} <= {"table-cell"}, path
    assert cells > 100  # there were tables to look at


# ---- issue 21: text from data is data on every baked page

from tests.hostile import EVIL, warehouse_with  # noqa: E402

HOSTILE = (f'<!--<script> </script> [点此]({"http://" + EVIL}/a) ![图](http://{EVIL}/p.png) '
           f'<span style="font-size:48px;color:red">数据作废</span> <img src=http://{EVIL}/i.png> **粗** :red[红]')


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """A snapshot baked from a warehouse whose one imported figure carries hostile text in every text field."""
    folder = tmp_path_factory.mktemp("hostile-site")
    db = warehouse_with(HOSTILE, folder)
    out = folder / "site"
    done = subprocess.run([sys.executable, "-m", "shegong", "publish", "--out", str(out), "--province", "640000",
                           "--lang", "zh", "--formats", "csv"], cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env={**__import__("os").environ, "SHEGONG_WAREHOUSE": str(db)})
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def test_hostile_text_in_every_field_stays_text_on_every_baked_page(hostile_site, serve, new_page):
    pages = sorted(p for p in hostile_site.rglob("*.html"))
    for p in pages:  # every page complete: nothing in a JSON island ended or bent the script element
        text = p.read_text(encoding="utf-8")
        assert text.rstrip().endswith("</html>"), p
        assert "<!--<script>" not in text and f'<a href="http://{EVIL}' not in text, p
    base = serve(hostile_site)
    outside = []
    page, errors = open_page(new_page, base, outside)
    shown = 0
    paths = [p.relative_to(hostile_site).as_posix() for p in pages]
    drawn = paths if FULL else [kind[0] for kind in kinds_of(paths).values()]  # each kind of page (all: full sweep)
    for path in drawn:
        url = urljoin(base, path)
        draw(page, url)
        page.wait_for_timeout(300)
        # no markup from data: no link or image to the evil host, no 48-px span (in HTML or in plotly's SVG)
        assert page.locator(f"a[href*='{EVIL}'], img[src*='{EVIL}']").count() == 0, url
        assert page.locator("span[style*='48px'], tspan[style*='48px']").count() == 0, url
        assert page.locator("script:not([type]):not([src])").evaluate_all(
            "els => els.filter(e => e.textContent.includes('数据作废')).length") == 0, url
        shown += page.locator("body").inner_text().count("数据作废")
        shown += page.locator("svg text").evaluate_all("els => els.filter(e => e.textContent.includes('数据作废'))"
                                                        ".length")
    assert not outside, outside[:5]
    assert not [e for e in errors if "pageerror" in e or "Uncaught" in e], errors[:5]
    assert shown > 0  # the hostile text did reach the pages, as text
