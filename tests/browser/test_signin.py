"""Sign-in for the admin role in a real browser, against a real (local) OpenID Connect provider: PyPI
oidc-provider-mock, whose login form takes any subject; an unknown subject gets it as its e-mail address.

Signed out → no 数据管理 page and no import; signed in but not on SHEGONG_ADMINS → refused; on the list → a figure
from a pasted bulletin is entered for review, the same person cannot approve it, a second signed-in admin approves it
in another browser, the public warehouse and the snapshot have it only then, and the logs name both.
The server listens on loopback, where without a provider the page
would be open: the provider's presence is what closes it.
"""
import csv
import os
import re
import secrets
import shutil
import time

import pytest

from shegong.config import DATA_DIR, ROOT
from shegong.ingest import importer
from shegong.ingest.build import build
from tests.servers import free_port, script_done, streamlit

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CORPUS = ROOT / "tests" / "data" / "import_corpus"
ADMIN, CLERK, REVIEWER = "admin@example.org", "clerk@example.org", "someone@example.org"
# the provider's accounts: subject → claims. Only the boolean email_verified true counts (shegong/ui/access.py)
USERS = {
    "admin-sub": {"email": ADMIN, "email_verified": True},
    "clerk-sub": {"email": CLERK, "email_verified": True},
    "reviewer-sub": {"email": REVIEWER, "email_verified": True},
    "unverified-sub": {"email": ADMIN, "email_verified": "false"},  # a string: truthy, yet not verified
    "missing-sub": {"email": ADMIN},  # no claim at all (as Entra ID sends)
    "kelvin-sub": {"email": "\u212aim@example.org", "email_verified": True},  # KELVIN SIGN, not kim
}


@pytest.fixture(scope="module")
def provider():
    import oidc_provider_mock

    users = [oidc_provider_mock.User(sub=sub, claims=claims) for sub, claims in USERS.items()]
    with oidc_provider_mock.run_server_in_thread(user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def site(provider, tmp_path_factory):
    """The dashboard with [auth] pointing at the provider, SHEGONG_ADMINS = ADMIN, on a small warehouse."""
    folder = tmp_path_factory.mktemp("signin")
    db = folder / "warehouse.duckdb"
    build(db, DATA_DIR)
    build(folder / "warehouse-public.duckdb", DATA_DIR)  # the public one beside it: an approval rebuilds it
    port = free_port()
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(f"""[auth]
redirect_uri = "http://localhost:{port}/oauth2callback"
cookie_secret = "{secrets.token_hex(32)}"
client_id = "shegong-dashboard"
client_secret = "{secrets.token_hex(16)}"
server_metadata_url = "{provider}/.well-known/openid-configuration"
""", encoding="utf-8")
    admins = {"SHEGONG_ADMINS": f"someone@example.org, {ADMIN.upper()}, kim@example.org"}
    with streamlit(db, env=admins, drop=("SHEGONG_PUBLIC",), args=("--secrets.files", str(secrets_file)),
                   host="localhost", port=port) as url:  # localhost: the redirect URI's host, for the cookies
        yield url, db


@pytest.fixture(scope="module")
def browser(playwright):
    """A Chromium of its own (the folder's Playwright): sign-in cookies never meet the shared browser's pages."""
    b = playwright.chromium.launch(executable_path=CHROMIUM, args=[
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"])
    yield b
    b.close()


def nav(page) -> list[str]:
    return page.locator("[data-testid=stSidebarNav] span").all_inner_texts()


def open_site(browser, url):
    context = browser.new_context(viewport={"width": 1400, "height": 1600})
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("[data-testid=stSidebarNav]", timeout=120_000)
    page.get_by_role("button", name="管理员登录").wait_for(timeout=120_000)
    return context, page


def press(page, button: str, then: str) -> None:
    """Click a sidebar button once the page's script runs are over and wait for `then`; a click during a rerun of
    a loaded machine can still be lost: once more, then fail."""
    from playwright.sync_api import TimeoutError as Slow

    for attempt in range(2):
        script_done(page)
        page.get_by_role("button", name=button).click()
        try:
            page.wait_for_selector(then, timeout=45_000)
            return
        except Slow:
            if attempt:
                raise


def sign_in(page, url, sub: str) -> None:
    who = USERS[sub]["email"]
    press(page, "管理员登录", "input[name=sub]")  # the provider's form
    page.fill("input[name=sub]", sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{url}/**", timeout=30_000)
    page.wait_for_selector(f"text=已登录：{who}", timeout=60_000)


def test_signed_out_no_admin_page_and_no_import(site, browser):
    url, db = site
    context, page = open_site(browser, url)
    assert "数据管理" not in nav(page) and "总览" in nav(page)
    assert page.get_by_role("button", name="管理员登录").count() == 1
    page.goto(f"{url}/admin")  # a crafted URL
    page.wait_for_selector("[data-testid=stSidebarNav]", timeout=60_000)
    page.wait_for_timeout(2000)
    assert page.locator("[data-testid=stFileUploader]").count() == 0
    assert page.get_by_role("heading", name="数据管理").count() == 0
    assert not importer.kept_files(db).joinpath("import_log.csv").exists()
    context.close()


def test_signed_in_but_not_on_the_list_is_refused(site, browser):
    url, db = site
    context, page = open_site(browser, url)
    sign_in(page, url, "clerk-sub")
    page.locator("[data-testid=stSidebarNav] a", has_text="数据管理").click()
    page.wait_for_selector(f"text={CLERK} 不在可导入数据的名单中", timeout=60_000)
    assert page.locator("[data-testid=stFileUploader]").count() == 0
    if os.environ.get("SHOTS"):
        page.screenshot(path=os.environ["SHOTS"] + "/signin_refused.png")
    context.close()
    assert not importer.kept_files(db).joinpath("import_log.csv").exists()


BULLETIN = ("中宁县民政局关于乡镇社工站建设情况的通报\n"
            "截至2022年3月，中宁县13个乡镇社工站全部建成，实现乡镇社工站全覆盖。\n")
ZHONGNING = "region_code = '640521' AND indicator = 'stations_built' AND as_of = '2022-03'"


def figure_in(path) -> list[float]:
    import duckdb

    with duckdb.connect(str(path), read_only=True) as con:
        return [v for (v,) in con.execute(f"SELECT value FROM figures WHERE {ZHONGNING}").fetchall()]


def publish(db, site) -> str:
    """`make publish` as the operator runs it (from the kept imports of `db`; one province, Chinese, CSV only)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "shegong", "publish", "--out", str(site), "--province", "640000",
                           "--lang", "zh", "--formats", "csv"], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, env={**os.environ, "SHEGONG_WAREHOUSE": str(db)})
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def tick_first_candidate(page) -> None:
    """Tick 选用 in the first row of the candidates' grid: a canvas, so its first cell is clicked where it is drawn
    (below the 36 px header) and toggled with the space bar; the grid's accessible cells then say true."""
    grid = page.locator("[role=tabpanel]:visible [data-testid=stDataFrame]")
    grid.wait_for(timeout=60_000)
    grid.scroll_into_view_if_needed()
    first = grid.locator("[role=gridcell]").first
    def ticked() -> bool:
        return first.text_content().strip() == "true"

    for _ in range(4):  # on a loaded machine a click can reach the grid before it takes input: look, then again
        if ticked():
            return
        box = grid.bounding_box()
        page.mouse.click(box["x"] + 36, box["y"] + 36 + 17)  # the check box in the cell's middle: toggles it
        page.wait_for_timeout(1500)
        if ticked():
            return
        page.keyboard.press("Space")  # toggles the selected cell
        page.wait_for_timeout(2500)
    assert ticked(), "the candidate could not be ticked"


@pytest.mark.serial  # it clicks a canvas grid: run alone after the parallel part of make test
def test_a_figure_from_a_pasted_bulletin_is_approved_by_a_second_admin(site, browser, tmp_path):
    """One admin pastes a bulletin, ticks its figure and submits it: it waits (待审核), absent from the public
    warehouse and the snapshot, and its author cannot approve it; a second admin approves it: the public warehouse,
    the live 更新日志 and the rebaked snapshot's 更新日志 show it, and the logs name both."""
    url, db = site
    public, snapshot = db.with_name("warehouse-public.duckdb"), tmp_path / "site"
    context, page = open_site(browser, url)
    sign_in(page, url, "admin-sub")
    page.locator("[data-testid=stSidebarNav] a", has_text="数据管理").click()
    page.get_by_role("tab", name="公告摘录").click()
    page.get_by_label("粘贴公告全文").fill(BULLETIN)
    page.get_by_role("button", name="找出数字").click()
    tick_first_candidate(page)
    page.get_by_label("来源标题（必填）").fill("中宁县民政局关于乡镇社工站建设情况的通报")
    page.get_by_label("发布机构").fill("中宁县民政局")
    page.get_by_label("发布日期（如 2021-12-08）").fill("2022-03-15")
    page.get_by_label("链接", exact=True).fill("https://example.org/zn/1")
    page.get_by_label("链接", exact=True).press("Tab")  # the text inputs reach the server before the click
    page.get_by_role("button", name="提交审核").click()
    page.wait_for_selector("text=已提交审核：变更 1（待审核）", timeout=120_000)
    assert figure_in(db) == [] and figure_in(public) == []  # pending: in neither warehouse
    publish(db, snapshot)
    assert "暂无更新记录" in (snapshot / "changelog.html").read_text(encoding="utf-8")
    assert not any("中宁县13个乡镇社工站" in f.read_text(encoding="utf-8") for f in snapshot.rglob("*.html"))
    page.get_by_role("tab", name="审核", exact=True).click()
    page.wait_for_selector(f"text=变更 1：导入，{ADMIN}", timeout=30_000)
    assert page.get_by_role("button", name="批准并发布").is_disabled()  # not by the one who entered it
    if os.environ.get("SHOTS"):
        page.screenshot(path=os.environ["SHOTS"] + "/review_pending.png", full_page=True)

    second, reviewer = open_site(browser, url)  # a second person, in a browser of their own
    sign_in(reviewer, url, "reviewer-sub")
    reviewer.locator("[data-testid=stSidebarNav] a", has_text="数据管理").click()
    reviewer.get_by_role("tab", name="审核", exact=True).click()
    reviewer.get_by_role("button", name="批准并发布").click()
    reviewer.wait_for_selector("text=已批准变更 1 并发布", timeout=120_000)
    assert figure_in(db) == [13.0] and figure_in(public) == [13.0]  # published, the public warehouse rebuilt
    reviewer.get_by_role("tab", name="审核日志").click()
    reviewer.locator("[role=tabpanel]:visible [data-testid=stDataFrame]").wait_for(timeout=30_000)
    from shegong.ingest import review

    assert [(r.user, r.action) for r in review.log(db).itertuples()] == [(ADMIN, "entered"), (REVIEWER, "approved")]
    with importer.kept_files(db).joinpath("import_log.csv").open(encoding="utf-8") as f:
        log = list(csv.DictReader(f))
    assert [(r["table"], r["added"]) for r in log] == [("figures", "1")]
    # keyed by the provider's subject, the address and the client address beside it
    assert log[0]["user"].startswith("sub admin-sub (http://localhost:")
    assert log[0]["user"].endswith(f") {ADMIN} from 127.0.0.1")
    assert log[0]["imported_at"][:4] == time.strftime("%Y")
    # the 更新日志 page, live and in the snapshot baked again (only its changed pages)
    reviewer.locator("[data-testid=stSidebarNav] a", has_text="更新日志").click()
    # the table is a canvas; its cells' text is in the grid's (hidden) accessible table
    reviewer.locator("[data-testid=stDataFrame] [role=gridcell]", has_text="新增：13个").wait_for(state="attached",
                                                                                                timeout=60_000)
    assert reviewer.locator("[data-testid=stDataFrame] [role=gridcell]",
                            has_text=re.compile(r"^\s*中宁县\s*$")).count() == 1
    baked = publish(db, snapshot)
    assert "changelog.html" in baked, baked
    reviewer.goto((snapshot / "changelog.html").as_uri())
    row = reviewer.locator("tr", has_text="中宁县")
    row.wait_for(timeout=30_000)
    assert "新增：13个" in row.inner_text() and "中宁县民政局关于乡镇社工站建设情况的通报" in row.inner_text()
    second.close()
    # signing out (here and at the provider: it asks to confirm) takes the page away again; from a fresh load, as the
    # first admin's page has waited through the bakes
    page.goto(url)
    page.wait_for_selector(f"text=已登录：{ADMIN}", timeout=120_000)
    press(page, "退出登录", "role=button[name='End session']")
    page.get_by_role("button", name="End session").click()
    page.wait_for_selector("text=管理员登录", timeout=60_000)
    assert "数据管理" not in nav(page)
    context.close()


@pytest.mark.parametrize("sub", ["unverified-sub", "missing-sub", "kelvin-sub"])
def test_an_unverified_or_look_alike_address_is_refused(site, browser, sub):
    """email_verified "false" or missing, or an address that only lower-cases to one on the list: no import."""
    url, db = site
    context, page = open_site(browser, url)
    sign_in(page, url, sub)
    page.locator("[data-testid=stSidebarNav] a", has_text="数据管理").click()
    page.wait_for_selector("text=不在可导入数据的名单中", timeout=60_000)
    assert page.locator("[data-testid=stFileUploader]").count() == 0
    context.close()
