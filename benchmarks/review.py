"""Review and republishing (issue 24): how long an approval takes (the import under the writer lock plus the rebuild
of the public warehouse), how soon a running reader of the public warehouse — a live replica's query runner,
shegong.queries, which reopens a warehouse whose file identity changed — sees the approved figure without a restart,
and a full bake of the snapshot against an incremental one after one correction.

Run: .venv/bin/python benchmarks/review.py [--repeat 3] [--no-bake] [--records DIR]
Works on copies in a temporary folder: an internal warehouse of data/ (plus the records in --records, e.g.
data/demo/provinces, to measure the copy a real approval makes), and the public one beside it. Prints figures;
asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

READER = """
import os, sys, time
from shegong import queries
seen = None
print("ready", flush=True)
while True:
    df = queries.run("figures_with_sources", region="640105", indicator="volunteers")
    value = float(df.value.iloc[0]) if len(df) else None
    if value != seen:
        print(f"{time.time():.3f} {value}", flush=True)
        seen = value
    time.sleep(0.05)
"""


def main() -> None:
    from shegong.config import DATA_DIR
    from shegong.ingest import review
    from shegong.ingest.build import build

    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--records", type=Path, default=None)
    ap.add_argument("--no-bake", action="store_true")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="shegong-review-bench-"))
    db, public = tmp / "warehouse.duckdb", tmp / "warehouse-public.duckdb"
    t0 = time.perf_counter()
    build(db, DATA_DIR, args.records)
    build(public, DATA_DIR, None, imports=review.importer.imports_dir(db))
    print(f"warehouses built in {time.perf_counter() - t0:.1f} s: internal {db.stat().st_size / 1e6:.1f} MB "
          f"(records: {args.records or 'none'}), public {public.stat().st_size / 1e6:.1f} MB")
    reader = subprocess.Popen([sys.executable, "-c", READER], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "SHEGONG_WAREHOUSE": str(public)})
    assert reader.stdout.readline().strip() == "ready"
    reader.stdout.readline()  # the value before
    key = {"region_code": "640105", "indicator": "volunteers", "as_of": "2021", "source_id": "S001"}
    enters, approves, rebuilds, lags = [], [], [], []
    for i in range(args.repeat):
        t = time.perf_counter()
        change = review.correct(key, str(120 + i), db, user="alice@example.org", why="benchmark").change
        enters.append(time.perf_counter() - t)
        t = time.perf_counter()
        done = review.approve(change["id"], db, user="bob@example.org")
        approves.append(time.perf_counter() - t - done.public_seconds)
        rebuilds.append(done.public_seconds)
        committed = time.time()
        line = reader.stdout.readline().split()  # the reader's first query that saw the new value
        lags.append(float(line[0]) - committed)
        assert float(line[1]) == 120 + i, line
    reader.kill()
    # a record import (the three stations of the import corpus): entered by one person, approved by another
    stations = ROOT / "tests" / "data" / "import_corpus" / "stations_good.csv"
    t = time.perf_counter()
    change = review.enter("stations", stations.name, stations, db, user="alice@example.org").change
    entered_records = time.perf_counter() - t
    t = time.perf_counter()
    done = review.approve(change["id"], db, user="bob@example.org")
    approved_records, rebuilt_records = time.perf_counter() - t - done.public_seconds, done.public_seconds

    def show(name, xs):
        print(f"{name}: median {statistics.median(xs):.2f} s (min {min(xs):.2f}, max {max(xs):.2f}; n={len(xs)})")

    show("enter a correction (check against a copy, keep as pending)", enters)
    show("approve (import under the writer lock, both renames)", approves)
    show("rebuild of the public warehouse after the approval", rebuilds)
    show("a running reader of the public warehouse sees the figure, after the rebuild", [max(x, 0) for x in lags])
    print(f"record import (3 stations): entered {entered_records:.2f} s, approved {approved_records:.2f} s, public "
          f"warehouse rebuilt {rebuilt_records:.2f} s")
    if args.no_bake:
        return
    site = tmp / "site"
    env = {**os.environ, "SHEGONG_WAREHOUSE": str(db)}

    def bake(*extra) -> tuple[float, str]:
        t = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "shegong", "publish", "--out", str(site), *extra], cwd=ROOT,
                              env=env, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(done.stdout + done.stderr)
        return time.perf_counter() - t, done.stdout

    full, out = bake()
    print(f"full bake: {full:.1f} s ({out.splitlines()[0]})")
    for attempt in ("first", "second"):  # the first re-bake once redrew 2 pages with nothing changed
        same, out = bake()
        redrawn = " ".join(re.findall(r"^  (\S+)", out, re.M))
        print(f"{attempt} bake again, nothing changed: {same:.1f} s ({out.splitlines()[1]}) {redrawn}")
    change = review.correct(key, "150", db, user="alice@example.org", why="benchmark").change
    review.approve(change["id"], db, user="bob@example.org")
    one, out = bake()
    rebaked = re.findall(r"^  (\S+)", out, re.M)
    print(f"bake after one approved correction: {one:.1f} s ({out.splitlines()[1]}): {', '.join(rebaked)}")


if __name__ == "__main__":
    main()
