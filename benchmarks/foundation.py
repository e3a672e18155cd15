"""Figures for the foundation: build time, boundary sizes, figure JSON size of the overview, time to first page.

Run: .venv/bin/python benchmarks/foundation.py   (needs Debian's chromium for the page timing)
Prints measured figures; asserts nothing.
"""
from __future__ import annotations

import gzip
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shegong import BOUNDARIES_DIR, DATA_DIR, PROVINCES, ROOT, charts  # noqa: E402
from shegong.build import build  # noqa: E402


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    out = tmp / "w.duckdb"
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        build(out, DATA_DIR)
        times.append(time.perf_counter() - t0)
    print(f"build (validate + load + check every query + rename): median {statistics.median(times) * 1000:.0f} ms "
          f"over 5, warehouse {out.stat().st_size / 1024:.0f} KB")

    print("boundary files (raw / gzip):")
    for f in sorted(BOUNDARIES_DIR.glob("*.geojson")):
        raw = f.read_bytes()
        print(f"  {f.name}: {len(raw) / 1024:.0f} KB / {len(gzip.compress(raw)) / 1024:.0f} KB")

    os.environ["SHEGONG_WAREHOUSE"] = str(out)
    from shegong.queries import run

    latest = run("province_latest", indicator="stations_built", regions=",".join(PROVINCES))
    served = len(charts.china_map(latest).to_json())
    embedded = len(charts.china_map(latest, geojson=charts.load_boundary("provinces")).to_json())
    bars = len(charts.province_bars(latest).to_json())
    print(f"overview map figure JSON: {served / 1024:.1f} KB with the boundary served as a static file "
          f"({embedded / 1024:.0f} KB if embedded); comparison chart {bars / 1024:.1f} KB")

    time_first_page(out)


def time_first_page(warehouse: Path) -> None:
    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
                             "--server.address", "127.0.0.1"], cwd=ROOT,
                            env={**os.environ, "SHEGONG_WAREHOUSE": str(warehouse)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        started = time.perf_counter() - t0
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
            loads = []
            for _ in range(4):
                page = b.new_page(viewport={"width": 1400, "height": 2400})
                t1 = time.perf_counter()
                page.goto(url)
                page.wait_for_function("document.querySelectorAll('path.choroplethlocation').length >= 34",
                                       timeout=60_000)
                loads.append(time.perf_counter() - t1)
                page.close()
            b.close()
        print(f"server start to healthy: {started:.2f} s; overview until the map is drawn: first {loads[0]:.2f} s, "
              f"then median {statistics.median(loads[1:]):.2f} s (new tab each)")
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
