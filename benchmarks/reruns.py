"""Server time of one rerun per page (the script run that builds the page), cold and warm, with AppTest.

Run: .venv/bin/python benchmarks/reruns.py [--warehouse data/warehouse-national.duckdb] [--repeat 10]
Warm = the same session rerun with the same URL (query results come from the bounded cache; figures are built
again, as on every rerun). Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = {  # page file and the URL parameters a leader would open it with
    "overview": ("pages/overview.py", {}),
    "screen": ("pages/screen.py", {}),
    "compare": ("pages/compare.py", {}),
    "province": ("pages/province.py", {"province": "410000"}),
    "funding": ("pages/funding.py", {"province": "410000"}),
    "beneficiaries": ("pages/beneficiaries.py", {"province": "410000"}),
    "sources": ("pages/sources.py", {}),
}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--warehouse", default=str(ROOT / "data" / "warehouse.duckdb"))
    p.add_argument("--repeat", type=int, default=10)
    args = p.parse_args()
    os.environ["SHEGONG_WAREHOUSE"] = args.warehouse
    import logging

    from streamlit.testing.v1 import AppTest

    logging.getLogger("streamlit").setLevel(logging.ERROR)

    print(f"warehouse {args.warehouse}; median of {args.repeat} warm reruns")
    for name, (page, params) in PAGES.items():
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        t = time.perf_counter()
        at.switch_page(page).run()
        cold = time.perf_counter() - t
        if at.exception:
            print(f"{name:14} EXCEPTION {at.exception[0].message}")
            continue
        warm = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            at.run()
            warm.append(time.perf_counter() - t)
        print(f"{name:14} first run {cold * 1000:7.0f} ms   warm median {statistics.median(warm) * 1000:6.0f} ms")


if __name__ == "__main__":
    main()
