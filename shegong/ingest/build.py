"""Build the DuckDB warehouse from data/ — all or nothing.

The new warehouse is written through ingest.atomic (the writer lock, a temporary file beside the target), every
named query is run against it (as Evidence.dev does: a broken query fails the build), and only then is it renamed
over the old one, so a failed build leaves the previous warehouse exactly as it was.
"""
from __future__ import annotations

import contextlib
from pathlib import Path

import duckdb

from shegong import schema
from shegong.config import DATA_DIR, DEFAULT_WAREHOUSE
from shegong.ingest import columns
from shegong.ingest.atomic import fault, kept_data_version, kept_folder, replacing, writer_lock
from shegong.ingest.validate import ValidationError, read_sources
from shegong.queries import check_all

SCHEMA = Path(__file__).with_name("warehouse.sql")
ROLLUPS = Path(__file__).with_name("rollups.sql")


def build(out: Path = DEFAULT_WAREHOUSE, data_dir: Path = DATA_DIR, records_dir: Path | None = None,
          imports: Path | None = None, wait: bool = True) -> dict[str, int]:
    """Validate data_dir (and the station/funding/service files in records_dir), replay the kept imports (`imports`,
    default: those beside `out`) and atomically replace `out`. records_dir=None builds without demo records.

    Returns row counts. Raises ValidationError listing every problem, atomic.Busy when wait=False and another writer
    holds the lock.
    """
    tables = read_sources(data_dir)
    out = Path(out)
    with replacing(out, wait=wait, name="build") as job:
        from shegong.ingest import importer  # rows accepted by `python -m shegong import`, kept beside the warehouse

        folder = Path(imports) if imports else kept_folder(out)
        version = ""
        tmp = str(job.path)
        with duckdb.connect(tmp) as con:
            for name, df in tables.items():
                con.register(f"src_{name}", df)
            con.execute(schema.ddl())  # the published-data tables, as declared
            con.execute(SCHEMA.read_text())
            problems = columns.load(con, records_dir)
            if not problems:  # another warehouse's kept imports (the public one's): read under that one's lock
                with writer_lock(folder.with_name(folder.name.removesuffix(".imports") + out.suffix), wait) \
                        if folder.resolve() != kept_folder(out).resolve() else contextlib.nullcontext():
                    version = kept_data_version(folder)
                    problems = importer.replay(con, folder)
            if problems:
                raise ValidationError(problems)
            importer.mark_version(con, version)
            fault("build:loaded")
            con.execute(ROLLUPS.read_text())
            con.execute("CREATE TABLE build_info AS SELECT now() AS built_at, $data AS data_dir, $rec AS records_dir",
                        {"data": str(data_dir), "rec": str(records_dir or "")})
            counts = {n: con.execute(f"SELECT count(*) FROM {n}").fetchone()[0]
                      for n in [*tables, *columns.TABLES]}
        problems = check_all(Path(tmp))
        if problems:
            raise ValidationError(problems)
        fault("build:checked")
        job.commit()
        fault("build:committed")
    return counts
