"""One writer at a time, one commit point (issue 14), through the CLI an operator runs.

Two commands at once: the second waits (saying so) or, with --no-wait, stops with exit 3. A writer killed at every
step boundary (SHEGONG_FAULT, a test-only hook that makes the process SIGKILL itself there) leaves a warehouse and
kept imports that agree after the next command: the imported rows are in both if the import had reached its commit
point, in neither otherwise, and a rebuild gives the same rows. Leftovers (temporary copies, WAL files, unswitched
versions) are gone after the next run; the warehouse keeps its mode and owner.
"""
import csv
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from shegong.config import DATA_DIR, ROOT
from shegong.ingest import atomic, changes, importer
from shegong.ingest.build import build

CORPUS = Path(__file__).with_name("import_corpus")
DEMO_STATIONS = """station_id,name,county_code,township,status,opened_on,social_workers,operator,lon,lat,is_demo
DEMO-1,示例站,640521,示例镇,operating,2021-01-05,2,示例机构,105.68,37.49,true
"""
IMPORTED = ["ZN-0001", "ZN-0002", "ZN-0003"]  # the station ids of stations_good.csv
BUILD_STEPS = ["build:locked", "build:loaded", "build:checked", "build:committed"]
IMPORT_STEPS = ["import:locked", "import:copied", "import:upserted", "import:kept-written", "import:kept-switched",
                "import:committed"]
COMMITTED = {"import:kept-switched", "import:committed"}  # past the commit point (CURRENT switched)


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A small warehouse: data/ plus one demo station (records folder `rec` beside it)."""
    folder = tmp_path_factory.mktemp("writer")
    rec = folder / "rec"
    rec.mkdir()
    (rec / "stations.csv").write_text(DEMO_STATIONS, encoding="utf-8")
    path = folder / "warehouse.duckdb"
    build(path, DATA_DIR, rec)
    return path


@pytest.fixture
def db(base, tmp_path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(base, path)
    os.chmod(path, 0o644)
    return path


def shegong(*args, fault: str = "", wait: bool = True, **popen):
    """Run `python -m shegong ARGS` as an operator would; SHEGONG_FAULT set to `fault`. An import (which waits for
    review, issue 24) is entered by a clerk and approved by a reviewer: the approval is the writer `fault` kills."""
    if args[0] == "import" and "--as" not in args and wait:
        return reviewed(*args[1:], fault=fault, **popen)
    env = {**os.environ, atomic.FAULT_ENV: fault}
    cmd = [sys.executable, "-m", "shegong", *map(str, args)]
    if not wait:
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, **popen)


def reviewed(table, file, *rest, fault: str = "", **popen) -> subprocess.CompletedProcess:
    """`import TABLE FILE --as clerk`, then `review approve N --as reviewer` (with `fault`): the approval's exit
    status, both commands' output."""
    entered = shegong("import", table, file, *rest, "--as", "clerk@example.org", **popen)
    if entered.returncode != 0 or not entered.stdout.startswith("change "):
        return entered
    db = rest[rest.index("--db") + 1]
    approved = shegong("review", "approve", entered.stdout.split()[1], "--as", "reviewer@example.org", "--db", db,
                       *(["--no-wait"] if "--no-wait" in rest else []), fault=fault, **popen)
    return subprocess.CompletedProcess(approved.args, approved.returncode, entered.stdout + approved.stdout,
                                       entered.stderr + approved.stderr)


def rebuild(db: Path, base: Path, **kw):
    """`python -m shegong build` of `db` with the base's records folder (its demo station)."""
    return shegong("build", "--out", db, "--records", base.parent / "rec", **kw)


def real_stations(db: Path) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [r[0] for r in con.execute("SELECT station_id FROM stations WHERE NOT is_demo ORDER BY 1").fetchall()]


def kept_stations(db: Path) -> list[str]:
    path = importer.kept_files(db) / "stations.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as f:
        return sorted(r["station_id"] for r in csv.DictReader(f))


def kept_funding(db: Path) -> int:
    path = importer.kept_files(db) / "funding.csv"
    return sum(1 for _ in path.open(encoding="utf-8")) - 1 if path.exists() else 0


def real_funding(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT count(*) FROM funding WHERE NOT is_demo").fetchone()[0]


def leftovers(db: Path) -> list[str]:
    """Whatever a killed writer can leave: temporary warehouse copies and their WAL, unswitched versions, CURRENT.tmp."""
    found = [p.name for p in db.parent.glob(f"{db.name}.*") if p.name != f"{db.name}.lock"]
    found += [p.name for p in db.parent.glob(f"{db.name}.wal")]
    kept = importer.imports_dir(db)
    if kept.is_dir():
        live = atomic.kept_version(kept)
        found += [f"{kept.name}/{p.name}" for p in kept.iterdir()
                  if p.name not in (atomic.CURRENT, live, changes.PENDING_DIR)]  # pending/: files under review
    return sorted(found)


def agree(db: Path) -> None:
    """The warehouse's imported rows are exactly the kept ones, and a rebuild gives the same."""
    assert real_stations(db) == kept_stations(db)
    assert real_funding(db) == kept_funding(db)


def wait_stopped(proc, timeout=120.0) -> None:
    """Wait until a process has SIGSTOPped itself (SHEGONG_FAULT=<step>:stop)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        assert proc.poll() is None, proc.communicate()
        state = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        if state == "T":
            return
        time.sleep(0.1)
    raise AssertionError("the writer never reached its step")


# ------------------------------------------------------------------------------------- two writers at once

def test_a_second_writer_waits_for_the_first_and_keeps_its_result(db, tmp_path):
    """Issue 14 #2: an import started during a build used to copy the old warehouse and undo the build. Now it
    waits (saying so) and imports into the built warehouse: both results are there."""
    rec = tmp_path / "rec"
    rec.mkdir()
    (rec / "stations.csv").write_text(DEMO_STATIONS.replace("DEMO-1,示例站", "DEMO-9,新示例站"), encoding="utf-8")
    builder = shegong("build", "--out", db, "--records", rec, fault="build:loaded:stop", wait=False)
    wait_stopped(builder)  # the build holds the lock
    importing = shegong("import", "stations", CORPUS / "stations_good.csv", "--db", db, "--as", "clerk@example.org",
                        wait=False)  # entering it checks it against the warehouse: under the lock
    time.sleep(4)
    assert importing.poll() is None  # still waiting
    busy = shegong("import", "funding", CORPUS / "funding_good.csv", "--db", db, "--no-wait")
    assert busy.returncode == 3
    assert "import not started" in busy.stderr and "another build or import is writing it" in busy.stderr
    assert shegong("build", "--out", db, "--no-wait").returncode == 3
    os.kill(builder.pid, signal.SIGCONT)
    out, err = builder.communicate(timeout=300)
    assert builder.returncode == 0, err
    out, err = importing.communicate(timeout=300)
    assert importing.returncode == 0, err
    assert "another build or import is writing; waiting for it to finish" in err
    assert "3 added" in out and "待审核" in out
    approved = shegong("review", "approve", out.split()[1], "--as", "reviewer@example.org", "--db", db)
    assert approved.returncode == 0, approved.stdout + approved.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        demo = [r[0] for r in con.execute("SELECT station_id FROM stations WHERE is_demo").fetchall()]
    assert demo == ["DEMO-9"]  # the build's result
    assert real_stations(db) == IMPORTED  # and the import's
    agree(db)


# ------------------------------------------------------------------------------------- killed at every step

@pytest.mark.parametrize("step", IMPORT_STEPS)
def test_import_killed_at_a_step(db, base, step):
    """Kill the import at `step`; the next import (of funding) exits 0 and the warehouse and kept imports agree:
    the stations are in both when the import had switched its kept imports, in neither otherwise."""
    killed = shegong("import", "stations", CORPUS / "stations_good.csv", "--db", db, fault=step)
    assert killed.returncode == -signal.SIGKILL
    assert "approved by" not in killed.stdout  # no success line from a killed approval
    nxt = shegong("import", "funding", CORPUS / "funding_good.csv", "--db", db)
    assert nxt.returncode == 0, nxt.stdout + nxt.stderr
    want = IMPORTED if step in COMMITTED else []
    assert real_stations(db) == want
    agree(db)
    assert leftovers(db) == []
    assert os.stat(db).st_mode & 0o777 == 0o644
    again = rebuild(db, base)
    assert again.returncode == 0, again.stdout
    assert real_stations(db) == want and real_funding(db) == 3
    agree(db)


@pytest.mark.parametrize("step", IMPORT_STEPS)
def test_import_killed_then_a_build(db, base, step):
    """The same kills, followed by a build (which replays the kept imports): the rows are there iff committed."""
    assert shegong("import", "stations", CORPUS / "stations_good.csv", "--db", db, fault=step).returncode == -9
    done = rebuild(db, base)
    assert done.returncode == 0, done.stdout
    assert real_stations(db) == (IMPORTED if step in COMMITTED else [])
    agree(db)
    assert leftovers(db) == []


@pytest.mark.parametrize("step", BUILD_STEPS)
def test_build_killed_at_a_step(db, base, step):
    """Kill a rebuild at `step`: the warehouse is the old one or the new one, never lost, and still has the
    imported rows; the next build exits 0 and removes the temporary file and its WAL."""
    assert shegong("import", "stations", CORPUS / "stations_good.csv", "--db", db).returncode == 0
    killed = rebuild(db, base, fault=step)
    assert killed.returncode == -signal.SIGKILL
    assert "built" not in killed.stdout
    assert real_stations(db) == IMPORTED  # readable, with the import
    agree(db)
    if step in ("build:loaded", "build:checked"):
        assert leftovers(db)  # the killed build's temporary warehouse
    again = rebuild(db, base)
    assert again.returncode == 0, again.stdout
    assert real_stations(db) == IMPORTED
    agree(db)
    assert leftovers(db) == []
    assert os.stat(db).st_mode & 0o777 == 0o644


def test_leftovers_of_killed_writers_are_removed_by_the_next_one(db, base):
    """Planted remains of killed runs: temp copies with WAL, an unswitched kept version, a CURRENT.tmp."""
    assert shegong("import", "stations", CORPUS / "stations_good.csv", "--db", db).returncode == 0
    kept = importer.imports_dir(db)
    for name in (f"{db.name}.abc123.tmp", f"{db.name}.abc123.tmp.wal"):
        (db.parent / name).write_bytes(b"x" * 1000)
    (kept / "v1").mkdir()
    (kept / "v1" / "stations.csv").write_text("station_id\nX\n")
    (kept / "CURRENT.x1.tmp").write_text("v1\n")
    assert len(leftovers(db)) == 4
    assert shegong("import", "funding", CORPUS / "funding_good.csv", "--db", db).returncode == 0
    assert leftovers(db) == []
    agree(db)


def test_an_import_keeps_mode_and_owner(db, base):
    """Issue 14 #4: the warehouse stayed 0600 after an import. A 0644 warehouse stays 0644; as root, a warehouse
    owned by another user (the dashboard's) stays theirs."""
    if os.geteuid() == 0:
        os.chown(db, 65534, 65534)
    before = os.stat(db)
    assert shegong("import", "stations", CORPUS / "stations_good.csv", "--db", db).returncode == 0
    after = os.stat(db)
    assert after.st_ino != before.st_ino  # really replaced
    assert (after.st_mode & 0o7777, after.st_uid, after.st_gid) == (0o644, before.st_uid, before.st_gid)
    os.chmod(db, 0o640)
    assert shegong("import", "funding", CORPUS / "funding_good.csv", "--db", db).returncode == 0
    assert os.stat(db).st_mode & 0o7777 == 0o640
