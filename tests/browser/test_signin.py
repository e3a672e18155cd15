"""Sign-in for the admin role in a real browser, against a real (local) OpenID Connect provider: PyPI
oidc-provider-mock, whose login form takes any subject; an unknown subject gets it as its e-mail address.

Signed out → no 数据管理 page and no import; signed in but not on SHEGONG_ADMINS → refused; on the list → the import
goes through and the import log names the user. The server listens on loopback, where without a provider the page
would be open: the provider's presence is what closes it.
"""
import csv
import os
import secrets
import shutil
import time

import pytest

from shegong.config import ROOT
from shegong.ingest import importer
from tests.servers import free_port, streamlit

CORPUS = ROOT / "tests" / "data" / "import_corpus"
ADMIN, CLERK = "admin@example.org", "clerk@example.org"


@pytest.fixture(scope="module")
def provider():
    import oidc_provider_mock

    with oidc_provider_mock.run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def site(provider, published_warehouse, tmp_path_factory):
    """The dashboard with [auth] pointing at the provider, SHEGONG_ADMINS = ADMIN, on a small warehouse (a copy of
    the published figures alone: the test imports into it)."""
    folder = tmp_path_factory.mktemp("signin")
    db = folder / "warehouse.duckdb"
    shutil.copy(published_warehouse, db)
    port = free_port()  # before the server starts: the redirect URI names it
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(f"""[auth]
redirect_uri = "http://localhost:{port}/oauth2callback"
cookie_secret = "{secrets.token_hex(32)}"
client_id = "shegong-dashboard"
client_secret = "{secrets.token_hex(16)}"
server_metadata_url = "{provider}/.well-known/openid-configuration"
""", encoding="utf-8")
    env = {"SHEGONG_ADMINS": f"someone@example.org, {ADMIN.upper()}"}
    with streamlit(db, env=env, drop=("SHEGONG_PUBLIC",), args=("--secrets.files", str(secrets_file)),
                   host="localhost", port=port) as url:
        yield url, db


def nav(page) -> list[str]:
    return page.locator("[data-testid=stSidebarNav] span").all_inner_texts()


def open_site(new_page, url):
    page = new_page(viewport={"width": 1400, "height": 1600})
    page.goto(url)
    page.wait_for_selector("[data-testid=stSidebarNav]", timeout=120_000)
    page.get_by_role("button", name="管理员登录").wait_for(timeout=120_000)
    return page


def sign_in(page, url, who: str) -> None:
    page.get_by_role("button", name="管理员登录").click()
    page.wait_for_selector("input[name=sub]", timeout=30_000)  # the provider's form
    page.fill("input[name=sub]", who)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{url}/**", timeout=30_000)
    page.wait_for_selector(f"text=已登录：{who}", timeout=60_000)


def test_signed_out_no_admin_page_and_no_import(site, new_page):
    url, db = site
    page = open_site(new_page, url)
    assert "数据管理" not in nav(page) and "总览" in nav(page)
    assert page.get_by_role("button", name="管理员登录").count() == 1
    page.goto(f"{url}/admin")  # a crafted URL
    page.wait_for_selector("[data-testid=stSidebarNav]", timeout=60_000)
    page.wait_for_timeout(2000)
    assert page.locator("[data-testid=stFileUploader]").count() == 0
    assert page.get_by_role("heading", name="数据管理").count() == 0
    assert not importer.kept_files(db).joinpath("import_log.csv").exists()


def test_signed_in_but_not_on_the_list_is_refused(site, new_page):
    url, db = site
    page = open_site(new_page, url)
    sign_in(page, url, CLERK)
    page.locator("[data-testid=stSidebarNav] a", has_text="数据管理").click()
    page.wait_for_selector(f"text={CLERK} 不在可导入数据的名单中", timeout=60_000)
    assert page.locator("[data-testid=stFileUploader]").count() == 0
    if os.environ.get("SHOTS"):
        page.screenshot(path=os.environ["SHOTS"] + "/signin_refused.png")
    assert not importer.kept_files(db).joinpath("import_log.csv").exists()


def test_an_allowed_user_imports_and_the_log_names_them(site, new_page):
    url, db = site
    page = open_site(new_page, url)
    sign_in(page, url, ADMIN)
    page.locator("[data-testid=stSidebarNav] a", has_text="数据管理").click()
    page.wait_for_selector("[data-testid=stFileUploader]", timeout=60_000)
    page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(str(CORPUS / "stations_good.csv"))
    page.get_by_role("button", name="检查").click()
    page.wait_for_selector("text=检查通过", timeout=120_000)
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_selector("text=已导入：新增 3 行", timeout=120_000)
    page.wait_for_selector("text=最近导入", timeout=30_000)
    if os.environ.get("SHOTS"):
        page.screenshot(path=os.environ["SHOTS"] + "/signin_imported.png", full_page=True)
    with importer.kept_files(db).joinpath("import_log.csv").open(encoding="utf-8") as f:
        log = list(csv.DictReader(f))
    assert [(r["user"], r["table"], r["added"]) for r in log] == [(ADMIN, "stations", "3")]
    assert log[0]["imported_at"][:4] == time.strftime("%Y")
    # signing out (here and at the provider: it asks to confirm) takes the page away again
    page.get_by_role("button", name="退出登录").click()
    page.get_by_role("button", name="End session").click(timeout=60_000)
    page.wait_for_selector("text=管理员登录", timeout=60_000)
    assert "数据管理" not in nav(page)
