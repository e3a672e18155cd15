"""The baked public site (issue 16): bake time, a page drawn from the snapshot against the live dashboard's same page,
nginx requests per second for a page and its assets, and the site's size.

Run: .venv/bin/python benchmarks/publish.py [--repeat 5] [--seconds 10] [--demo]
Bakes the compared provinces (zh + en, PNG/SVG/CSV/XLSX) with `python -m shegong publish` into a temporary folder,
serves it with Debian's nginx (`publish-serve`'s config), and runs Streamlit on a warehouse of the same published
figures; opens each page in headless Chromium (Debian's), a fresh browser context each time (nothing cached), and
loads nginx with wrk (Debian's `wrk`). Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from shegong.vocab import provinces  # noqa: E402

# page: snapshot path, live path, the tables the live page draws (st.dataframe; the snapshot's are plain HTML)
# and the map's units that must be drawn (China: 34); every chart of the snapshot page must be drawn on both
PAGES = {
    "overview": ("index.html", "/", 0, 34),
    "compare": ("compare/stations_built.html", "/compare?indicator=stations_built", 1, 0),
    "province": ("province/410000.html", "/province?province=410000", 0, 0),
    "funding": ("funding/410000.html", "/funding?province=410000", 1, 0),
    "sources": ("sources.html", "/sources", 2, 0),
}
DRAWN = """([charts, tables, maps]) => {
    const plots = [...document.querySelectorAll('.js-plotly-plot')].filter(p => p.querySelector('.main-svg'));
    const grids = document.querySelectorAll('table, [data-testid=stDataFrame]').length;
    return plots.length >= charts && grids >= tables
        && document.querySelectorAll('path.choroplethlocation').length >= maps;
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline and proc.poll() is None:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


def cpu_children() -> float:
    """User + system CPU seconds of the finished child processes and their descendants (chromium included)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def size(folder: Path, pattern: str = "*", gz: bool = False) -> int:
    return sum(f.stat().st_size for f in folder.rglob(pattern) if f.is_file() and f.name.endswith(".gz") == gz)


def mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--repeat", type=int, default=5, help="page loads per page and server (after one cold load)")
    p.add_argument("--seconds", type=int, default=10, help="duration of each wrk run")
    p.add_argument("--demo", action="store_true", help="also bake with --demo (the dashboard's demo warehouse)")
    args = p.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="shegong-publish-bench-"))
    tmp.chmod(0o755)  # nginx's workers run as nobody
    site = tmp / "site"
    procs = []
    try:
        # --- bake -----------------------------------------------------------------------------------------------
        print(f"load average before the bake: {os.getloadavg()[0]:.1f} (2 cores)")
        t, cpu = time.perf_counter(), cpu_children()
        subprocess.run([sys.executable, "-m", "shegong", "publish", "--out", str(site)], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        bake_s, bake_cpu = time.perf_counter() - t, cpu_children() - cpu
        info = json.loads((site / "snapshot.json").read_text(encoding="utf-8"))
        print(f"bake, {len(provinces())} provinces, zh + en, png/svg/csv/xlsx: {bake_s:.1f} s wall, "
              f"{bake_cpu:.1f} s CPU (Python "
              f"and kaleido's chromium; wall on an idle 2-core machine ≥ CPU / 2); images {info['images']}, waited "
              f"{info['seconds_images']} s for the last ones after the pages; {len(info['pages'])} pages, "
              f"{info['embeds']} embed pages, {info['downloads']} downloads")
        if args.demo:
            demo_site = tmp / "demo-site"
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "shegong", "publish", "--demo", "--out", str(demo_site)], cwd=ROOT,
                           check=True, stdout=subprocess.DEVNULL)
            d = json.loads((demo_site / "snapshot.json").read_text(encoding="utf-8"))
            print(f"bake with --demo: {time.perf_counter() - t:.1f} s wall; {len(d['pages'])} pages, {d['embeds']} "
                  f"embeds, {d['downloads']} downloads, {mb(size(demo_site))} (+ {mb(size(demo_site, gz=True))} .gz)")
            shutil.rmtree(demo_site)

        # --- size -----------------------------------------------------------------------------------------------
        print(f"site size: {mb(size(site))} (+ {mb(size(site, gz=True))} of prebuilt .gz); pages "
              f"{mb(size(site, '*.html') - size(site / 'embed', '*.html') - size(site / 'en' / 'embed', '*.html'))}, "
              f"embeds {mb(size(site / 'embed') + size(site / 'en' / 'embed'))}, downloads "
              f"{mb(size(site / 'downloads') + size(site / 'en' / 'downloads'))}, assets {mb(size(site / 'assets'))}")
        index = (site / "index.html").read_text(encoding="utf-8")
        assets = sorted(set(re.findall(r'(?:src|href)="(assets/[^"]+)"', index)
                            + re.findall(r'"geojson":"(assets/[^"]+)"', index)))
        first_visit = sum((site / (a + ".gz")).stat().st_size if (site / (a + ".gz")).exists()
                          else (site / a).stat().st_size for a in ["index.html", *assets])
        print(f"overview, first visit: {len(assets) + 1} requests, {first_visit / 1e6:.2f} MB over the wire (gzip)")

        # --- servers: nginx on the snapshot, Streamlit on the same published figures ----------------------------
        from shegong.build import build
        from shegong.outputs import publish

        nginx_port, live_port = free_port(), free_port()
        nginx = publish.start_nginx(site, nginx_port, tmp / "nginx")
        procs.append(nginx)
        static = f"http://127.0.0.1:{nginx_port}/"
        wait_http(static + "index.html", nginx)
        warehouse = tmp / "published.duckdb"
        build(warehouse, records_dir=None)
        live = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port",
                                 str(live_port), "--server.address", "127.0.0.1", "--server.headless", "true"],
                                cwd=ROOT, env={**os.environ, "SHEGONG_WAREHOUSE": str(warehouse)},
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(live)
        live_url = f"http://127.0.0.1:{live_port}"
        wait_http(live_url + "/_stcore/health", live)

        # --- a page drawn: snapshot against live ----------------------------------------------------------------
        from playwright.sync_api import sync_playwright

        ratios = []
        with sync_playwright() as pw:
            b = pw.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])

            def drawn_in(url: str, want: list) -> list[float]:
                times = []
                for _ in range(args.repeat + 1):
                    context = b.new_context(viewport={"width": 1400, "height": 2400})
                    page = context.new_page()
                    t = time.perf_counter()
                    page.goto(url)
                    page.wait_for_function(DRAWN, arg=want, timeout=120_000)
                    times.append(time.perf_counter() - t)
                    context.close()
                return times

            for name, (snap, path, live_tables, maps) in PAGES.items():
                html = (site / snap).read_text(encoding="utf-8")
                want = [html.count('class="chart"'), html.count("<table>"), maps]
                s = drawn_in(static + snap, want)
                lv = drawn_in(live_url + path, [want[0], live_tables, maps])
                ratio = statistics.median(s[1:]) / statistics.median(lv[1:])
                ratios.append(ratio)
                print(f"{name:9} drawn ({want[0]} charts, {want[1]} tables): snapshot cold {s[0]:.2f} s, median "
                      f"{statistics.median(s[1:]):.2f} s; live cold {lv[0]:.2f} s, median "
                      f"{statistics.median(lv[1:]):.2f} s; snapshot/live {ratio:.0%}")
            b.close()
        print(f"snapshot/live, median over the pages: {statistics.median(ratios):.0%}")

        # --- nginx requests per second ----------------------------------------------------------------------------
        if not shutil.which("wrk"):
            print("wrk is not installed (apt-get install wrk): no requests/s")
            return
        script = tmp / "page.lua"
        paths = ", ".join(f'"/{a}"' for a in ["index.html", *assets])
        script.write_text("paths = {" + paths + "}\ni = 0\nrequest = function()\n  i = i % #paths + 1\n"
                          "  return wrk.format(\"GET\", paths[i], {[\"Accept-Encoding\"] = \"gzip\"})\nend\n")
        for label, extra in (("page + its assets, round robin", ["-s", str(script)]), ("the page alone", [])):
            out = subprocess.run(["wrk", "-t2", "-c32", f"-d{args.seconds}s", *extra, "-H", "Accept-Encoding: gzip",
                                  static + "index.html"], capture_output=True, text=True).stdout
            rps = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
            rate = re.search(r"Transfer/sec:\s+(\S+)", out).group(1)
            errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
            latency = re.search(r"Latency\s+(\S+)", out).group(1)
            print(f"nginx, {label} ({len(assets) + 1 if extra else 1} URLs), wrk 2 threads 32 connections "
                  f"{args.seconds} s: {float(rps):,.0f} requests/s, {rate}/s, mean latency {latency}, "
                  f"errors {errors.group(1) if errors else 0}")
    finally:
        for proc in procs:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
