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
    assert at.title[0].value == "数据管理" and len(at.get("file_uploader")) == 1
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
