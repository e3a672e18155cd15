"""Build the DuckDB warehouse from data/ — all or nothing.

The new warehouse is written to a temporary file beside the target, every named query is run against it
(as Evidence.dev does: a broken query fails the build), and only then is it renamed over the old one, so a
failed build leaves the previous warehouse exactly as it was.
"""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import duckdb

from shegong import DATA_DIR, DEFAULT_WAREHOUSE, records
from shegong.queries import check_all
from shegong.validate import ValidationError, read_sources

SCHEMA = Path(__file__).with_name("warehouse.sql")
ROLLUPS = Path(__file__).with_name("rollups.sql")


def build(out: Path = DEFAULT_WAREHOUSE, data_dir: Path = DATA_DIR, records_dir: Path | None = None) -> dict[str, int]:
    """Validate data_dir (and the station/funding/service files in records_dir) and atomically replace `out`.

    Returns row counts. Raises ValidationError listing every problem.
    """
    tables = read_sources(data_dir)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=out.name + ".", suffix=".tmp", dir=out.parent)
    os.close(fd)
    os.unlink(tmp)  # DuckDB wants to create the file itself
    try:
        with duckdb.connect(tmp) as con:
            for name, df in tables.items():
                con.register(f"src_{name}", df)
            con.execute(SCHEMA.read_text())
            problems = records.load(con, records_dir)
            if not problems:  # rows accepted by `python -m shegong import`, kept beside the warehouse
                from shegong import importer

                problems = importer.replay(con, importer.imports_dir(out))
            if problems:
                raise ValidationError(problems)
            con.execute(ROLLUPS.read_text())
            con.execute("CREATE TABLE build_info AS SELECT now() AS built_at, $data AS data_dir, $rec AS records_dir",
                        {"data": str(data_dir), "rec": str(records_dir or "")})
            counts = {n: con.execute(f"SELECT count(*) FROM {n}").fetchone()[0]
                      for n in [*tables, *records.TABLES]}
        problems = check_all(Path(tmp))
        if problems:
            raise ValidationError(problems)
        os.replace(tmp, out)
    finally:
        for leftover in (tmp, tmp + ".wal"):
            if os.path.exists(leftover):
                os.unlink(leftover)
    return counts


def main(out: Path, data_dir: Path, records_dir: Path | None = None) -> int:
    t0 = time.perf_counter()
    try:
        counts = build(out, data_dir, records_dir)
    except ValidationError as e:
        print(f"build failed, {out} left unchanged:")
        for p in e.problems:
            print(p)
        return 2
    summary = ", ".join(f"{n} {c}" for n, c in counts.items())
    print(f"built {out} in {time.perf_counter() - t0:.2f} s: {summary}")
    return 0
