"""Figures for the foundation: build time, boundary sizes, figure JSON size of the overview map.

Run: .venv/bin/python benchmarks/foundation.py   (time until pages are drawn: benchmarks/serve.py)
Prints measured figures; asserts nothing.
"""
from __future__ import annotations

import gzip
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shegong.charts import base, maps, published  # noqa: E402
from shegong.config import BOUNDARIES_DIR, DATA_DIR  # noqa: E402
from shegong.ingest.build import build  # noqa: E402
from shegong.vocab import provinces  # noqa: E402


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

    latest = run("province_latest", indicator="stations_built", regions=",".join(provinces()))
    served = len(maps.china_map(latest).to_json())
    embedded = len(maps.china_map(latest, geojson=base.load_boundary("provinces")).to_json())
    bars = len(published.province_bars(latest).to_json())
    print(f"overview map figure JSON: {served / 1024:.1f} KB with the boundary served as a static file "
          f"({embedded / 1024:.0f} KB if embedded); comparison chart {bars / 1024:.1f} KB")



if __name__ == "__main__":
    main()
