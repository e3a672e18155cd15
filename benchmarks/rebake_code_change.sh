#!/bin/bash
# Replays the "2 pages drawn again with nothing changed" of issue 24's first benchmark: the same warehouse (three
# approved corrections) baked with the code of 9d5282f, then with 223e380 (the change log's wording, committed while
# that benchmark ran), then again. Expect 20 pages, then changelog.html and en/changelog.html, then 0.
# Run from the project: bash benchmarks/rebake_code_change.sh [WORK_DIR]  (a few minutes; prints the three results)
set -e
W=${1:-/tmp/shegong-rebake-replay}
PY=$(pwd)/.venv/bin/python
rm -rf "$W"; mkdir -p "$W/old" "$W/new"
git archive 9d5282f | tar -x -C "$W/old"
git archive 223e380 | tar -x -C "$W/new"
(cd "$W/old" && $PY - "$W/warehouse.duckdb" <<'P'
import sys
from pathlib import Path
from shegong.config import DATA_DIR
from shegong.ingest import review
from shegong.ingest.build import build
db = Path(sys.argv[1])
build(db, DATA_DIR, None)
key = {"region_code": "640105", "indicator": "volunteers", "as_of": "2021", "source_id": "S001"}
for i in range(3):
    c = review.correct(key, str(120 + i), db, user="alice@example.org", why="benchmark").change
    assert review.approve(c["id"], db, user="bob@example.org").ok
P
)
export SHEGONG_WAREHOUSE=$W/warehouse.duckdb
for code in old new new; do
  (cd "$W/$code" && $PY -m shegong publish --out "$W/site" --province 640000 --formats csv | tail -n +2)
done
