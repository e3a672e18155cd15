"""A running dashboard as a browser sees it: time until each page is drawn, and the server's memory.

Run: .venv/bin/python benchmarks/serve.py [--warehouse data/warehouse-national.duckdb] [--repeat 5]
Starts Streamlit on a free loopback port with that warehouse, opens every page in headless Chromium (Debian's),
first cold then warm, counts the bytes the server sends over the websocket for a page load and for one rerun,
and reads the server's peak RSS (VmHWM). Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# page path, and what must be on screen for the page to count as drawn
PAGES = {
    "overview": ("/", "document.querySelectorAll('path.choroplethlocation').length >= 34"),
    "province": ("/province?province=410000", "document.querySelectorAll('path.choroplethlocation').length >= 157"),
    "compare": ("/compare", "document.querySelectorAll('.main-svg').length >= 1"),
    "funding": ("/funding", "document.querySelectorAll('.main-svg').length >= 1"),
    "beneficiaries": ("/beneficiaries", "document.querySelectorAll('.main-svg').length >= 1"),
    "screen": ("/screen", "document.querySelectorAll('path.choroplethlocation').length >= 34"),
    "sources": ("/sources", "document.querySelectorAll('[data-testid=stDataFrame]').length >= 2"),
}


def vm(pid: int, key: str) -> float:
    with open(f"/proc/{pid}/status") as f:
        return int(next(x for x in f if x.startswith(key)).split()[1]) / 1024


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--warehouse", default=str(ROOT / "data" / "warehouse.duckdb"))
    p.add_argument("--repeat", type=int, default=5)
    args = p.parse_args()
    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
                             "--server.address", "127.0.0.1"], cwd=ROOT,
                            env={**os.environ, "SHEGONG_WAREHOUSE": args.warehouse},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        print(f"warehouse {args.warehouse}; server RSS at start {vm(proc.pid, 'VmRSS:'):.0f} MB")
        with sync_playwright() as pw:
            b = pw.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
            for name, (path, drawn) in PAGES.items():
                times, loads, reruns = [], [], []
                for _ in range(args.repeat + 1):
                    page = b.new_page(viewport={"width": 1400, "height": 2400})
                    received = []
                    page.on("websocket", lambda ws, got=received: ws.on("framereceived", lambda f: got.append(len(f))))
                    t = time.perf_counter()
                    page.goto(url + path)
                    page.wait_for_function(drawn, timeout=120_000)
                    times.append(time.perf_counter() - t)
                    page.wait_for_timeout(500)
                    loads.append(sum(received))
                    received.clear()
                    page.keyboard.press("r")  # Streamlit's "rerun" shortcut: the same page, same session
                    page.wait_for_timeout(2500)
                    reruns.append(sum(received))
                    page.close()
                print(f"{name:13} drawn in: cold {times[0]:.2f} s, warm median {statistics.median(times[1:]):.2f} s "
                      f"(new tab each time); websocket bytes: page load {statistics.median(loads) / 1024:.1f} KB, "
                      f"one rerun {statistics.median(reruns) / 1024:.1f} KB")
            b.close()
        print(f"server peak RSS (VmHWM) {vm(proc.pid, 'VmHWM:'):.0f} MB, now {vm(proc.pid, 'VmRSS:'):.0f} MB")
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
