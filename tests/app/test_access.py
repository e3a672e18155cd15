"""Who reaches the 数据管理 (import) page (issue 14 #9): nobody on a server listening on every address without a
sign-in provider, the laptop user on a loopback-only server, and with a provider only a signed-in visitor (the
browser test, tests/browser/test_signin.py, signs in against a real OpenID provider)."""
import pytest
from streamlit.testing.v1 import AppTest

from shegong.config import ROOT

AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "a-long-random-test-secret",
        "client_id": "shegong", "client_secret": "secret",
        "server_metadata_url": "http://localhost:9400/.well-known/openid-configuration"}


def dashboard(secrets=None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    if secrets:
        at.secrets["auth"] = secrets
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def admin_alone(secrets=None) -> AppTest:
    """pages/admin.py run by itself, as a crafted URL on a fresh server could (the page checks for itself)."""
    at = AppTest.from_file(str(ROOT / "pages" / "admin.py"), default_timeout=60)
    if secrets:
        at.secrets["auth"] = secrets
    return at.run()


def test_no_provider_and_every_address_has_no_admin_page(warehouse, monkeypatch):
    monkeypatch.delenv("SHEGONG_PUBLIC", raising=False)
    at = dashboard()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/admin.py")
    assert not [b for b in at.sidebar.button if b.label == "管理员登录"]
    page = admin_alone()
    assert [e.value for e in page.error] == ["数据管理需要管理员登录。"]
    assert not page.get("file_uploader") and not page.get("download_button")


def test_loopback_alone_gets_the_admin_page_without_sign_in(warehouse, monkeypatch, loopback):
    monkeypatch.delenv("SHEGONG_PUBLIC", raising=False)
    at = dashboard().switch_page("pages/admin.py").run()
    assert not at.exception
    # the import tab's uploader and the bulletin tab's (a saved web page, PDF or Word file)
    assert at.title[0].value == "数据管理" and len(at.get("file_uploader")) == 2
    assert not at.error


def test_with_a_provider_a_signed_out_visitor_gets_a_sign_in_button_and_no_admin_page(warehouse, monkeypatch,
                                                                                      loopback):
    """Even on loopback: once sign-in is configured, only a signed-in visitor on the allow-list may import."""
    monkeypatch.delenv("SHEGONG_PUBLIC", raising=False)
    monkeypatch.setenv("SHEGONG_ADMINS", "admin@example.org")
    at = dashboard(AUTH)
    assert [b.label for b in at.sidebar.button] == ["管理员登录"]
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/admin.py")
    page = admin_alone(AUTH)
    assert [e.value for e in page.error] == ["数据管理需要管理员登录。"]
    assert not page.get("file_uploader")


def test_public_mode_has_no_sign_in_and_no_admin_page(warehouse, monkeypatch, loopback):
    monkeypatch.setenv("SHEGONG_PUBLIC", "1")
    at = dashboard(AUTH)
    assert not at.sidebar.button
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/admin.py")


def test_the_admin_page_does_not_wait_for_another_writer(published_warehouse, tmp_path, monkeypatch, loopback):
    """While a build or import holds the warehouse's lock, 检查 says the warehouse is busy and changes nothing."""
    import shutil

    from shegong.ingest import atomic, importer

    db = tmp_path / "warehouse.duckdb"
    shutil.copy(published_warehouse, db)
    monkeypatch.delenv("SHEGONG_PUBLIC", raising=False)
    monkeypatch.setenv("SHEGONG_WAREHOUSE", str(db))
    at = dashboard().switch_page("pages/admin.py").run()
    data = (ROOT / "tests" / "data" / "import_corpus" / "stations_good.csv").read_bytes()
    at.file_uploader(key="upload").set_value(("stations.csv", data, "text/csv")).run()
    with atomic.writer_lock(db):  # another writer (flock: a second open file conflicts even in one process)
        at.button(key="check").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert [w.value for w in at.warning] == ["另一个导入或构建正在写入数据仓库，请稍后再试。数据仓库未作任何改动。"]
    assert not at.success
    at.button(key="check").click().run()  # the lock is free again
    assert at.success[0].value.startswith("检查通过：3 行")
    assert importer.import_log(db) is None  # a check writes nothing


# ---- issue 21: an exact origin in local mode, sign-in that fails closed

@pytest.fixture
def local(monkeypatch, loopback):
    from shegong.ui import access
    monkeypatch.delenv("SHEGONG_PUBLIC", raising=False)
    return access


@pytest.mark.parametrize("host, origin, ok", [
    ("localhost:8501", "http://localhost:8501", True),
    ("127.0.0.1:8501", "http://127.0.0.1:8501", True),
    ("localhost:8501", "http://localhost:9999", False),  # a page from another local port
    ("localhost:8501", "http://127.0.0.1:8501", False),  # another origin, even if the same machine
    ("rebind.example:8501", "http://rebind.example:8501", False),  # a DNS-rebinding name
    ("localhost:9999", "http://localhost:9999", False),  # not the served port
    ("localhost:8501", "", False),  # a client that sends no Origin
    ("localhost:8501", "null", False),  # a sandboxed frame or a file: page
])
def test_local_mode_trusts_only_the_served_origin(local, monkeypatch, host, origin, ok):
    monkeypatch.setattr(local, "request_headers", lambda: {"host": host, "origin": origin})
    monkeypatch.setattr(local.st, "get_option", lambda k: {"server.port": 8501, "server.address": "127.0.0.1"}[k])
    assert local.mode() == "local"
    assert local.allowed() is ok and local.page_visible() is ok


def test_a_foreign_origin_gets_no_admin_page_and_is_told_why(warehouse, local, monkeypatch):
    port = local.st.get_option("server.port")
    monkeypatch.setattr(local, "request_headers", lambda: {"host": f"localhost:{port}",
                                                           "origin": "http://localhost:1"})
    at = dashboard()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/admin.py")
    page = admin_alone()
    assert [e.value for e in page.error] == ["数据管理只能在本服务器自己的地址打开；"
                                             "来自其他网页或其他主机名的连接不能导入或修改数据。"]
    assert not page.get("file_uploader") and not page.get("text_area")


class User(dict):
    """st.user as a signed-in session sees it (the claims the provider sent)."""


@pytest.mark.parametrize("claims, ok", [
    ({"email": "admin@example.org", "email_verified": True}, True),
    ({"email": "ADMIN@Example.org", "email_verified": True}, True),  # case folded on both sides
    ({"email": "admin@example.org", "email_verified": "false"}, False),
    ({"email": "admin@example.org", "email_verified": "true"}, False),  # a string is not the boolean
    ({"email": "admin@example.org", "email_verified": 0}, False),
    ({"email": "admin@example.org", "email_verified": 1}, False),
    ({"email": "admin@example.org"}, False),  # missing (Entra ID never sends it): not verified
    ({"email": "\u212aim@example.org", "email_verified": True}, False),  # KELVIN SIGN: another account than kim
    ({"email": "ｋim@example.org", "email_verified": True}, False),  # a full-width k
    ({"email": "kim@example.org", "email_verified": True}, True),
])
def test_sign_in_fails_closed(monkeypatch, claims, ok):
    from shegong.ui import access
    monkeypatch.delenv("SHEGONG_PUBLIC", raising=False)
    monkeypatch.setenv("SHEGONG_ADMINS", "Admin@EXAMPLE.org, Kim@example.org")
    monkeypatch.setattr(access, "provider", lambda: True)
    monkeypatch.setattr(access, "same_origin", lambda: True)
    monkeypatch.setattr(access.st, "user", User(is_logged_in=True, sub="sub-123", iss="https://id.example", **claims))
    monkeypatch.setattr(access, "client_address", lambda: "10.0.0.7")
    assert access.allowed() is ok
    if ok:
        assert access.who() == f"sub sub-123 (https://id.example) {claims['email'].casefold()} from 10.0.0.7"


def test_writes_without_sign_in_name_the_os_user_and_the_address(local, monkeypatch):
    import getpass
    monkeypatch.setattr(local, "client_address", lambda: "127.0.0.1")
    assert local.who() == f"{getpass.getuser()} (OS user, no sign-in) from 127.0.0.1"
