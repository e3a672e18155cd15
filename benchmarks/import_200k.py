"""Time to validate and import a 200,000-row station register (GBK CSV with Chinese headers, as Excel exports it),
into a copy of the warehouse: the dry run (check and preview) and the real import (check, upsert, roll-ups, every
named query, replace). Also the same rows as XLSX, read only (calamine, into the staging file).

    .venv/bin/python benchmarks/import_200k.py [--rows 200000] [--warehouse data/warehouse.duckdb] [--xlsx]
"""
from __future__ import annotations

import argparse
import io
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pandas as pd  # noqa: E402

from shegong.config import BOUNDARIES_DIR, DATA_DIR, DEFAULT_WAREHOUSE  # noqa: E402
from shegong.ingest import importer  # noqa: E402

STATUS = ["运营", "运营", "运营", "试点", "筹建", "暂停"]


def register(rows: int, seed: int = 7) -> str:
    """A register spread over the compared provinces' counties, points near each province's label point."""
    rng = random.Random(seed)
    regions = pd.read_csv(DATA_DIR / "regions.csv", dtype=str)
    counties = regions[(regions.level == "county") & regions.code.str[:2].isin(["41", "13", "64", "11"])].code.tolist()
    labels = {f["properties"]["code"]: (f["properties"]["label_lon"], f["properties"]["label_lat"]) for f in
              json.loads((BOUNDARIES_DIR / "provinces.geojson").read_text(encoding="utf-8"))["features"]}
    out = io.StringIO()
    out.write("站点编号,站点名称,县区代码,乡镇街道,状态,建成日期,驻站社工人数,运营机构,经度,纬度\n")
    for i in range(rows):
        county = rng.choice(counties)
        lon, lat = labels[county[:2] + "0000"]
        status = rng.choice(STATUS)
        opened = "" if status == "筹建" else f"{rng.randint(2019, 2024)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
        out.write(f"BM-{i:06d},测试站{i},{county},测试镇{i % 97},{status},{opened},{rng.randint(0, 6)},"
                  f"测试社工机构{i % 311},{lon + rng.uniform(-0.02, 0.02):.4f},{lat + rng.uniform(-0.02, 0.02):.4f}\n")
    return out.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE)
    ap.add_argument("--xlsx", action="store_true", help="also time reading the same rows from an .xlsx file")
    args = ap.parse_args()
    data = register(args.rows).encode("gbk")
    print(f"register: {args.rows:,} rows, {len(data) / 1e6:.1f} MB GBK CSV; warehouse {args.warehouse} "
          f"({args.warehouse.stat().st_size / 1e6:.0f} MB)")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "warehouse.duckdb"
        shutil.copy(args.warehouse, db)
        stages: list[tuple[float, str]] = []
        t0 = time.perf_counter()
        dry = importer.run("stations", "register.csv", data, db, dry_run=True,
                           progress=lambda f, s: stages.append((time.perf_counter() - t0, s)))
        assert dry.ok, dry.problems[:5]
        print(f"validate (dry run): {dry.seconds:.2f} s, {args.rows / dry.seconds:,.0f} rows/s — "
              f"{dry.added:,} to add")
        print("  stages: " + ", ".join(f"{s} {t:.2f}s" for t, s in stages if not s[0].isdigit()))
        real = importer.run("stations", "register.csv", data, db)
        assert real.applied, real.problems[:5]
        print(f"validate + import: {real.seconds:.2f} s, {args.rows / real.seconds:,.0f} rows/s — {real.summary()}")
        again = importer.run("stations", "register.csv", data, db)
        print(f"same file again (all unchanged): {again.seconds:.2f} s")
        bad = data.replace(b",130", b",130000", 1)  # one county code at the wrong level
        broken = importer.run("stations", "register.csv", bad, db)
        print(f"one bad row among {args.rows:,}: rejected in {broken.seconds:.2f} s: {broken.problems[0]}")
        if args.xlsx:
            import openpyxl

            frame = pd.read_csv(io.BytesIO(data), encoding="gbk", dtype=str, keep_default_na=False)
            wb = openpyxl.Workbook(write_only=True)
            ws = wb.create_sheet("stations")
            ws.append(list(frame.columns))
            for row in frame.itertuples(index=False):
                ws.append(list(row))
            buf = io.BytesIO()
            wb.save(buf)
            t1 = time.perf_counter()
            staged = importer.read("register.xlsx", buf.getvalue(), "stations")
            print(f"read the same rows from XLSX ({len(buf.getvalue()) / 1e6:.1f} MB): "
                  f"{time.perf_counter() - t1:.2f} s for {len(staged):,} rows")
            staged.close()


if __name__ == "__main__":
    main()
