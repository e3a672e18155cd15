"""The public, read-only deployment: no page that writes, no uploader, nothing but GET through nginx, and no crafted
URL that raises (SHEGONG_PUBLIC=1 with .streamlit/public.env, as `make run-public` and deploy/run.py start it)."""
import asyncio
import random
import urllib.error
import urllib.parse
import urllib.request

import pytest
from streamlit.testing.v1 import AppTest

from benchmarks.load import Session
from deploy.run import NGINX, Deployment
from shegong.config import ROOT

PAGES = ["pages/overview.py", "pages/screen.py", "pages/compare.py", "pages/province.py", "pages/funding.py",
         "pages/beneficiaries.py", "pages/sources.py", "pages/report.py"]


def app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_public_navigation_has_no_admin_page(warehouse, monkeypatch, loopback):
    monkeypatch.setenv("SHEGONG_PUBLIC", "0")
    app().switch_page("pages/admin.py")  # outside public mode, on loopback, the page exists (so the check can fail)
    monkeypatch.setenv("SHEGONG_PUBLIC", "1")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app().switch_page("pages/admin.py")


def test_no_page_has_an_uploader_in_public_mode(warehouse, monkeypatch):
    monkeypatch.setenv("SHEGONG_PUBLIC", "1")
    for page in PAGES:
        at = app().switch_page(page).run()
        assert not at.exception, (page, [e.message for e in at.exception])
        assert not [e.value for e in at.error if e.value.startswith("本页暂时无法显示")], page
        assert not at.get("file_uploader"), page
        assert not at.get("chat_input"), page  # st.chat_input accepts files too


# ---- through nginx, as the public reaches it ----

@pytest.fixture(scope="module")
def site(warehouse):
    if not NGINX:
        pytest.skip("nginx is not installed: `make setup` installs Debian's nginx")
    with Deployment(2, warehouse=warehouse) as d:
        yield d


def request(url: str, method: str = "GET", data: bytes | None = None, headers: dict | None = None):
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read(), r.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read(), e.headers


def test_uploads_and_other_writes_are_refused_through_nginx(site):
    form = (b"--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n"
            b"Content-Type: text/csv\r\n\r\nregion_code,value\r\n410000,1\r\n--x--\r\n")
    upload = {"Content-Type": "multipart/form-data; boundary=x"}
    assert request(site.url + "/_stcore/upload_file/s/f", "PUT", form, upload)[0] in (403, 405)
    assert request(site.url + "/_stcore/upload_file/s/f", "POST", form, upload)[0] in (403, 405)
    assert request(site.url + "/_stcore/upload_file/s/f")[0] == 403
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        assert request(site.url + "/", method, b"x")[0] == 405, method
    assert request(site.url + "/_stcore/metrics")[0] == 403
    assert request(site.url + "/_stcore/agent/interact")[0] == 403
    # and a replica alone refuses an upload too (0 MB limit; the XSRF check comes first for a cookieless client)
    assert request(site.replica_url(0) + "/_stcore/upload_file/s/f", "PUT", form, upload)[0] in (400, 403, 413)


def test_pages_through_nginx_are_hardened(site):
    status, body, headers = request(site.url + "/")
    assert status == 200 and b"<noscript>" in body
    assert headers["X-Frame-Options"] == "SAMEORIGIN" and "nginx/" not in headers["Server"]
    status, body, _ = request(site.url + "/_stcore/host-config")
    assert status == 200


HOSTILE = ["", "'", "<script>alert(1)</script>", "'; DROP TABLE figures; --", "../../etc/passwd", "999999", "410000,",
           ",,,", "2019-2018", "9" * 300, "%00", "null", "NaN", "-1", "1e309", "中文", "410000' OR '1'='1", "\x00",
           "%E4%B8%AD", "{{7*7}}", "${jndi:ldap://x}", "screen", "admin", "410000", "stations_built", "map"]
KEYS = ["province", "provinces", "indicator", "measure", "display", "years", "region", "month", "by", "lang", "view",
        "unknown", "page", "embed", "embed_options", "__proto__"]
PAGE_NAMES = ["", "overview", "screen", "compare", "province", "funding", "beneficiaries", "sources", "report",
              "admin", "Admin", "pages/admin.py", "../admin", "nosuch", "%2e%2e/etc", "数据管理", "admin?x=1",
              "_stcore/health", "x" * 500]


def test_crafted_urls_through_nginx_never_raise(site):
    """Random and hostile query strings on known, unknown and hidden pages, as links a member of the public sends:
    the first 60 of issue 7's 200 in the suite, all 200 in benchmarks/sweeps.py (SHEGONG_FULL_SWEEP=1)."""
    from tests.sweep import FULL

    rng = random.Random(11)
    urls = []
    count = 200 if FULL else 60
    for _ in range(count):
        params = [(k, rng.choice(HOSTILE)) for k in rng.sample(KEYS, rng.randint(0, 5))]
        query = "&".join(f"{urllib.parse.quote(k)}={urllib.parse.quote(v)}" for k, v in params)
        if rng.random() < 0.1:
            query = rng.choice(["%%%", "a=%ZZ", "=&=&", "province", "&&&&", "lang=en&lang=zh&lang=xx"])
        urls.append((rng.choice(PAGE_NAMES), query))

    async def visit(share):
        failures, seen = [], []
        session = await Session(site.url).open()
        try:
            for page, query in share:
                r = await session.load(page, query)
                if not r.ok:
                    failures.append((page, query, r.finished, r.exceptions))
                if "file_uploader" in r.elements:
                    failures.append((page, query, "uploader"))
                seen.append(r)
        finally:
            await session.close()
        return failures, seen

    async def all_of_them():
        return await asyncio.gather(*(visit(urls[i::4]) for i in range(4)))

    results = asyncio.run(all_of_them())
    failures = [f for fs, _ in results for f in fs]
    assert not failures, failures[:5]
    loads = [r for _, seen in results for r in seen]
    assert len(loads) == count
    # the hidden admin page is never drawn: asking for it gets the overview (with its KPI cards)
    admin = [r for (page, _), r in zip([u for i in range(4) for u in urls[i::4]], loads) if page == "admin"]
    assert admin and all("数据管理" not in r.texts and "metric" in r.elements for r in admin)


def test_an_error_on_a_page_shows_a_plain_sentence_and_no_stack_trace(warehouse, tmp_path):
    """A warehouse that opens but lacks the tables a page reads makes the page raise: the visitor sees a plain
    sentence in Chinese, never the exception's type, text, SQL or a file path (nor Streamlit's English notice)."""
    import duckdb

    from benchmarks.load import load_once

    broken = tmp_path / "half.duckdb"
    with duckdb.connect(str(broken)) as con:
        con.execute(f"ATTACH '{warehouse}' AS w (READ_ONLY)")
        con.execute("CREATE TABLE regions AS SELECT * FROM w.regions")  # enough for the start page's check only
    with Deployment(1, nginx=False, warehouse=broken) as d:
        page = load_once(d.url, "province")
        english = load_once(d.url, "", "lang=en")
    assert page.finished and "exception" not in page.elements
    assert "本页暂时无法显示。请稍后再试，或打开其他页面。" in page.texts
    assert "This page cannot be shown right now. Please try again later or open another page." in english.texts
    shown = " ".join(page.texts)
    for leak in ("Traceback", ".py", "Catalog", "figures", "duckdb", "Streamlit", str(tmp_path)):
        assert leak not in shown, (leak, shown)
