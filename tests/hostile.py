"""A warehouse whose one figure was imported with hostile text in every text field, entered by one person and
approved by another (issues 21 and 24): what the live pages and the baked snapshot must show as plain text."""
from __future__ import annotations

import contextlib
import csv
import io
from pathlib import Path

EVIL = "evil.example"


def warehouse_with(text: str, folder: Path) -> Path:
    from shegong.__main__ import main as cli
    from shegong.config import DATA_DIR
    from shegong.ingest.build import build

    db = folder / "warehouse.duckdb"
    build(db, DATA_DIR)
    rows = folder / "figures.csv"
    with rows.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["region_code", "indicator", "value", "qualifier", "as_of", "scope", "source_id", "source_title",
                    "source_publisher", "source_published", "source_url", "note"])
        w.writerow(["640000", "stations_built", "999", "exact", "2026-06", "stock", "", "标题" + text,
                    "机构" + text, "2026-06-30", "https://ok.example.org/source", "备注" + text])
    with contextlib.redirect_stdout(io.StringIO()) as out:
        assert cli(["import", "figures", str(rows), "--db", str(db), "--as", "clerk@example.org"]) == 0
    change = out.getvalue().split()[1]  # "change N entered by …"
    assert cli(["review", "approve", change, "--as", "lead@example.org", "--db", str(db)]) == 0
    return db
