"""Record imports (stations, funding, services) wait for review too (issue 24), through the command line a clerk
runs, each step a process of its own: real records reach the public warehouse and the snapshot (both are built
from the kept imports), so an import without --as is refused at once, and one entered --as a clerk stays out of both
warehouses until a second person approves it."""
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from shegong.config import DATA_DIR, ROOT
from shegong.ingest import importer
from shegong.ingest.build import build

CORPUS = Path(__file__).with_name("import_corpus")
STATIONS = CORPUS / "stations_good.csv"
IMPORTED = ["ZN-0001", "ZN-0002", "ZN-0003"]  # the station ids of stations_good.csv


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    folder = tmp_path_factory.mktemp("review-records")
    build(folder / "warehouse.duckdb", DATA_DIR, None)
    return folder / "warehouse.duckdb"


@pytest.fixture
def db(base, tmp_path):
    """An internal warehouse and the public one beside it (as `make build` and `make run-public` leave them)."""
    shutil.copy(base, tmp_path / "warehouse.duckdb")
    shutil.copy(base, tmp_path / "warehouse-public.duckdb")
    return tmp_path / "warehouse.duckdb"


def shegong(*args):
    done = subprocess.run([sys.executable, "-m", "shegong", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, env={**os.environ, "SHEGONG_REVIEWERS": "", "SHEGONG_ADMINS": ""})
    return done.returncode, done.stdout + done.stderr


def stations(path: Path) -> list[str]:
    with duckdb.connect(str(path), read_only=True) as con:
        return [r[0] for r in con.execute("SELECT station_id FROM stations WHERE NOT is_demo ORDER BY 1").fetchall()]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_record_import_without_a_name_is_refused_at_once_and_changes_nothing(db):
    before = (digest(db), digest(db.with_name("warehouse-public.duckdb")))
    t0 = time.perf_counter()
    rc, out = shegong("import", "stations", STATIONS, "--db", db)
    assert time.perf_counter() - t0 < 15  # a process start; the file is not even read
    assert rc == 2
    assert out.startswith(f"{STATIONS}:0:-: not imported, nothing changed") and "--as USER" in out, out
    assert "review approve" in out and "public warehouse" in out
    assert (digest(db), digest(db.with_name("warehouse-public.duckdb"))) == before
    assert not importer.imports_dir(db).exists()  # no kept import, no pending change
    rc, out = shegong("import", "stations", STATIONS, "--db", db, "--dry-run")  # checking needs no name
    assert rc == 0 and "3 added" in out and stations(db) == []


def test_stations_wait_for_a_second_person_then_reach_the_public_warehouse(db):
    public = db.with_name("warehouse-public.duckdb")
    rc, out = shegong("import", "stations", STATIONS, "--db", db, "--as", "alice@example.org",
                      "--why", "中宁县站点登记")
    assert rc == 0 and "pending review (待审核)" in out and "3 added" in out, out
    change = out.split()[1]  # "change N entered by …"
    rc, out = shegong("review", "list", "--db", db)
    assert f"{change}\t待审核 pending\timport\talice@example.org" in out and "stations: 3 rows" in out
    assert stations(db) == [] and stations(public) == []  # pending: in neither warehouse
    rc, out = shegong("review", "approve", change, "--as", "ALICE@example.org", "--db", db)
    assert rc == 2 and "another person must review it" in out
    assert stations(db) == [] and stations(public) == []
    rc, out = shegong("review", "approve", change, "--as", "bob@example.org", "--db", db)
    assert rc == 0 and "approved by bob@example.org (entered by alice@example.org)" in out, out
    assert "public warehouse" in out and "rebuilt" in out
    assert stations(db) == IMPORTED and stations(public) == IMPORTED
    rc, out = shegong("review", "log", "--db", db)
    assert f"alice@example.org,entered,{change}" in out and f"bob@example.org,approved,{change}" in out
    # the same file again changes nothing: nothing to review
    rc, out = shegong("import", "stations", STATIONS, "--db", db, "--as", "alice@example.org")
    assert rc == 0 and "nothing to review" in out


def test_a_rejected_funding_import_never_reaches_the_public(db):
    public = db.with_name("warehouse-public.duckdb")
    rc, out = shegong("import", "funding", CORPUS / "funding_good.csv", "--db", db, "--as", "alice@example.org")
    assert rc == 0, out
    change = out.split()[1]
    rc, out = shegong("review", "reject", change, "--as", "bob@example.org", "--why", "金额待核实", "--db", db)
    assert rc == 0 and "rejected by bob@example.org: 金额待核实" in out
    for path in (db, public):
        with duckdb.connect(str(path), read_only=True) as con:
            assert con.execute("SELECT count(*) FROM funding WHERE NOT is_demo").fetchone()[0] == 0
