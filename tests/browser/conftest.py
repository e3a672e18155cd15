"""What the browser tests share: one Streamlit server of the dashboard and one Chromium for the whole folder, and a
page (in a context of its own) per test.

The fixtures are package-scoped (this folder is a package): Playwright's sync API marks its event loop as running
in the main thread while it is open, so it is closed after the last browser test, before tests/data and
tests/deploy run asyncio code.
"""
from __future__ import annotations

import json
import shutil

import pytest

from tests.servers import free_port, launch_chromium, streamlit


@pytest.fixture(scope="package")
def served_warehouse(warehouse, tmp_path_factory):
    """The server's own copy of the session's warehouse: a test may rebuild it under the running server (renaming
    a new file over it, as `make build` does) without touching the file the other tests read."""
    path = tmp_path_factory.mktemp("served") / "warehouse.duckdb"
    shutil.copy(warehouse, path)
    return path


@pytest.fixture(scope="package")
def server(served_warehouse):
    """The dashboard as `make run` serves it, on a free port of loopback; its 大屏 redraws every 5 s, not every
    minute, so that a test sees a rebuilt warehouse without waiting a minute."""
    with streamlit(served_warehouse, env={"SHEGONG_WALL_REFRESH": "5"}) as url:
        yield url


@pytest.fixture(scope="package")
def playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="package")
def browser(playwright):
    b = launch_chromium(playwright)
    yield b
    b.close()


@pytest.fixture(scope="package")
def tab(browser):
    """tab(**context options) → a new page (tab) of the folder's context with those options; the caller closes it.

    Contexts are shared by their options (viewport, phone emulation): the pages of one context share its HTTP and
    script cache, so a page after the first gets Streamlit's and plotly's scripts without fetching and compiling them
    again (measured on a quiet machine: /sources drawn in 2.4–2.9 s, against 2.9–5.0 s in a new context)."""
    contexts = {}

    def make(**options):
        key = json.dumps(options, sort_keys=True)
        if key not in contexts:
            contexts[key] = browser.new_context(**options)
        return contexts[key].new_page()

    yield make
    for context in contexts.values():
        context.close()


@pytest.fixture
def new_page(tab):
    """new_page(**context options) → a page of the shared context with those options (tab), closed after the test
    whatever happens in it, and the context's cookies cleared. Tests that sign in use a browser of their own."""
    pages = []

    def make(**options):
        pages.append(tab(**options))
        return pages[-1]

    yield make
    for page in pages:
        page.context.clear_cookies()
        page.close()


@pytest.fixture
def port() -> int:
    """A free port of loopback, for a server a test starts itself."""
    return free_port()
