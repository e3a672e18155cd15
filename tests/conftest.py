"""Shared fixtures, each built once a session: the provinces-scale demo dataset, the warehouse of data/ plus that
demo, and the warehouse of data/ alone. A test that writes to a warehouse writes to a copy of one."""
import os
import shutil
from pathlib import Path

import pytest

from shegong.config import DATA_DIR
from shegong.ingest.build import build
from shegong.ingest.demo import generate


@pytest.fixture(autouse=True)
def chinese_first():
    """Every test starts on the Chinese pages, as a visitor does: a test that switched to English (and failed before
    switching back) never changes what the next test in its worker sees."""
    from shegong import i18n

    i18n.set_language("zh")
    yield
    i18n.set_language("zh")


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    generate("provinces", 1, out)
    return out


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory, demo_dir) -> Path:
    path = tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb"
    build(path, DATA_DIR, demo_dir)
    os.environ["SHEGONG_WAREHOUSE"] = str(path)
    # it holds demo records: public-mode tests against it opt in to showing them, labelled (the operator's switch;
    # tests/app/test_public_demo.py checks public mode without it)
    os.environ["SHEGONG_PUBLIC_DEMO"] = "1"
    return path


@pytest.fixture(scope="session")
def published_warehouse(tmp_path_factory) -> Path:
    """The published figures of data/ and no station, funding or service records (read it; copy it to change it)."""
    path = tmp_path_factory.mktemp("published") / "warehouse.duckdb"
    build(path, DATA_DIR, None)
    return path


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A copy of data/'s source CSV files that a test may break."""
    folder = tmp_path / "data"
    folder.mkdir()
    for f in DATA_DIR.glob("*.csv"):
        shutil.copy(f, folder / f.name)
    return folder


@pytest.fixture
def loopback(monkeypatch):
    """Run AppTest pages as on a server listening on 127.0.0.1 alone, where the admin page needs no sign-in
    (shegong/ui/access.py; AppTest's server.address is unset, i.e. every address), opened by the server's own page:
    AppTest has no websocket request, so the Host and Origin a browser on http://localhost:PORT sends are given."""
    from streamlit import config as st_config

    from shegong.ui import access

    old = st_config.get_option("server.address")
    st_config.set_option("server.address", "127.0.0.1")
    port = st_config.get_option("server.port")
    monkeypatch.setattr(access, "request_headers",
                        lambda: {"host": f"localhost:{port}", "origin": f"http://localhost:{port}"})
    yield
    st_config.set_option("server.address", old)


SPEEDS = ("unit", "data", "app", "browser", "deploy")  # folders of tests/, fastest first


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/catalog.json from the exhibits as they are now")


def pytest_xdist_make_scheduler(config, log):
    """`make test`'s workers (`--dist loadfile`) take one file at a time, but all of tests/browser at once: its
    server and Chromium are package fixtures (browser/conftest.py), and a worker that left the folder between two
    browser files started both again: 10 times a run, ~200 CPU-s (benchmarks/README.md, "Fifth measurement")."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class BrowserTogether(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "tests/browser" if nodeid.startswith("tests/browser/") else super()._split_scope(nodeid)

    return BrowserTogether(config, log)


def pytest_collection_modifyitems(config, items):
    """Each test is marked with its folder's speed: `pytest -m unit` runs the fast ones (make test-fast)."""
    for item in items:
        folder = Path(str(item.fspath)).parent.name
        if folder in SPEEDS:
            item.add_marker(getattr(pytest.mark, folder))


# ---- where the suite's time goes: seconds per test folder, printed at the end of every run (make test, CI)

_FOLDER_SECONDS: dict[str, float] = {}
_FILE_SECONDS: dict[str, float] = {}


def pytest_runtest_logreport(report):
    file = report.nodeid.split("::")[0]
    folder = "/".join(Path(file).parts[:2])
    _FOLDER_SECONDS[folder] = _FOLDER_SECONDS.get(folder, 0.0) + report.duration
    _FILE_SECONDS[file] = _FILE_SECONDS.get(file, 0.0) + report.duration


def pytest_terminal_summary(terminalreporter):
    if not _FOLDER_SECONDS:
        return
    terminalreporter.section("seconds per folder (setup + call + teardown)")
    for folder, seconds in sorted(_FOLDER_SECONDS.items(), key=lambda kv: -kv[1]):
        terminalreporter.write_line(f"{seconds:8.1f}  {folder}")
    terminalreporter.section("the 15 slowest test files")
    for file, seconds in sorted(_FILE_SECONDS.items(), key=lambda kv: -kv[1])[:15]:
        terminalreporter.write_line(f"{seconds:8.1f}  {file}")


@pytest.fixture(scope="session", autouse=True)
def components_scanned_once():
    """Streamlit's AppTest scans every installed package's metadata for components on each run (0.3 CPU-s, a third
    of a page run here); a server does it once at start. The packages do not change during a test session."""
    import functools

    from streamlit.components.v2 import manifest_scanner

    original = manifest_scanner.scan_component_manifests
    manifest_scanner.scan_component_manifests = functools.cache(original)
    yield
    manifest_scanner.scan_component_manifests = original
