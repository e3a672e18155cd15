"""The one way tests start what they talk to: a free port, a Streamlit server of the dashboard, Debian's Chromium.

tests/browser/conftest.py shares one server and one browser among the browser tests; tests that need a server of
their own (another warehouse, the internal mode's settings, a sign-in provider) start it with `streamlit()`;
tests/deploy uses `free_port` and deploy/run.py's `wait_healthy`, as `streamlit()` does.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from deploy.run import wait_healthy
from shegong.config import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"  # Debian's, installed by `make setup`
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]


def free_port() -> int:
    """A port nothing listens on now (the kernel's choice, so parallel runs on a shared machine do not collide)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit(warehouse: str | Path, env: dict[str, str] | None = None, drop: tuple[str, ...] = (),
              args: tuple[str, ...] = (), host: str = "127.0.0.1", port: int | None = None,
              timeout: float = 90) -> Iterator[str]:
    """`streamlit run dashboard.py` on loopback (on `port`, or a free one), reading `warehouse`; yields its URL once
    /_stcore/health answers (http://{host}:port: "localhost" where cookies must match a redirect URI).

    `env` is added to this process's environment and `drop` removed from it. The server's output goes to a file,
    shown if it does not start (a pipe nobody reads would stall a chatty server)."""
    port = port or free_port()
    environ = {**os.environ, **(env or {}), "SHEGONG_WAREHOUSE": str(warehouse)}
    for key in drop:
        environ.pop(key, None)
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", *args],
            cwd=ROOT, env=environ, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://{host}:{port}"
        try:
            wait_healthy(url, timeout, proc)
        except (RuntimeError, TimeoutError) as e:
            proc.kill()
            proc.wait()
            log.seek(0)
            pytest.fail(f"streamlit did not start ({e}):\n" + log.read().decode(errors="replace")[-4000:])
        try:
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


SCRIPT_IDLE = """() => {
  const state = document.querySelector('[data-testid=stApp]')?.dataset.testScriptState;
  const drawing = document.querySelector('[data-testid=stMain] [data-testid=stSkeleton]');
  if (state !== 'notRunning' || drawing) { window.__sgIdleSince = null; return false; }
  window.__sgIdleSince ??= performance.now();
  return performance.now() - window.__sgIdleSince > 500;
}"""


def script_done(page, timeout: float = 90_000) -> None:
    """Wait until Streamlit has finished the page's script runs (the app element's data-test-script-state, which
    Streamlit's own tests read) and its placeholders (stSkeleton) are drawn, for half a second: while the first charts
    are drawn, later elements may still be coming, and the browser may draw a run's elements seconds after it ends."""
    page.evaluate("window.__sgIdleSince = null")
    page.wait_for_function(SCRIPT_IDLE, timeout=timeout)


WATCH_RUNS = """() => {
  window.__sgStarted = false;
  const app = document.querySelector('[data-testid=stApp]');
  new MutationObserver((_, me) => { if (app.dataset.testScriptState === 'running') { window.__sgStarted = true;
    me.disconnect(); } }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""


def rerun(page, action, timeout: float = 90_000) -> None:
    """Do `action` (a click, a choice), wait until it has started a script run, then until the run is over and the
    charts are drawn: a widget's change reaches the server and comes back as a run seconds later on a loaded
    machine, when the previous run's state still reads "not running"."""
    page.evaluate(WATCH_RUNS)
    action()
    page.wait_for_function("window.__sgStarted", timeout=timeout)
    drawn(page, timeout)


CHARTS_DRAWN = """() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')].filter(c => c.offsetParent)
    .every(c => c.querySelector('.main-svg'))"""


def drawn(page, timeout: float = 90_000) -> None:
    """script_done, and then every visible chart drawn by plotly.js (which draws after Streamlit has placed it)."""
    script_done(page, timeout)
    page.wait_for_function(CHARTS_DRAWN, timeout=timeout)


def launch_chromium(playwright):
    """Debian's Chromium, headless, with nothing fetched from the network by the browser itself."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
