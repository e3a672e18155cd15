"""Review before publication, through the command line a clerk and a reviewer use: a figure entered by one person
waits (待审核) outside both warehouses; the same person cannot approve it; a second person's approval publishes it
and rebuilds the public warehouse; a rejection keeps its reason; a correction keeps the old value in the history; the
log names both people; a reviewer killed mid-approval leaves either nothing or everything done."""
import os
import shutil
import subprocess
import sys

import duckdb
import pytest

from shegong.__main__ import main as cli
from shegong.config import DATA_DIR, ROOT
from shegong.ingest.build import build

FIGURE = ("region_code,indicator,value,qualifier,as_of,source_title,source_publisher,source_published,source_url,note\n"
          "640521,stations_built,13,exact,2022-03,中宁县民政局关于社工站建设情况的通报,中宁县民政局,2022-03-15,"
          "https://example.org/zn/1,中宁县13个乡镇社工站全部建成\n")
WHERE = "region_code = '640521' AND indicator = 'stations_built' AND as_of = '2022-03'"


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    folder = tmp_path_factory.mktemp("review-base")
    build(folder / "warehouse.duckdb", DATA_DIR, None)
    return folder


@pytest.fixture
def db(base, tmp_path):
    """An internal warehouse and the public one beside it (as `make build` and `make deploy` leave them)."""
    shutil.copy(base / "warehouse.duckdb", tmp_path / "warehouse.duckdb")
    shutil.copy(base / "warehouse.duckdb", tmp_path / "warehouse-public.duckdb")
    return tmp_path / "warehouse.duckdb"


def run(capsys, *args):
    rc = cli([*map(str, args)])
    out = capsys.readouterr()
    return rc, out.out + out.err


def values(path, where=WHERE):
    with duckdb.connect(str(path), read_only=True) as con:
        return [v for (v,) in con.execute(f"SELECT value FROM figures WHERE {where}").fetchall()]


def public(db):
    return db.with_name("warehouse-public.duckdb")


def enter(capsys, db, tmp_path, text=FIGURE, who="alice@example.org", why=""):
    f = tmp_path / "中宁县.csv"
    f.write_text(text, encoding="utf-8")
    rc, out = run(capsys, "import", "figures", f, "--db", db, "--as", who, *(["--why", why] if why else []))
    assert rc == 0 and "待审核" in out, out
    return out.split()[1]  # change N entered by …


def test_a_figure_waits_for_a_second_person_then_reaches_the_public(capsys, db, tmp_path):
    change = enter(capsys, db, tmp_path)
    rc, out = run(capsys, "review", "list", "--db", db)
    assert f"{change}\t待审核 pending" in out and "alice@example.org" in out and "640521 stations_built" in out
    assert values(db) == [] and values(public(db)) == []  # pending: in neither warehouse
    rc, out = run(capsys, "review", "approve", change, "--as", "Alice@Example.org", "--db", db)
    assert rc == 2 and "another person must review it" in out
    assert values(public(db)) == []
    rc, out = run(capsys, "review", "approve", change, "--as", "bob@example.org", "--db", db)
    assert rc == 0 and "approved by bob@example.org (entered by alice@example.org)" in out, out
    assert values(db) == [13.0] and values(public(db)) == [13.0]
    rc, out = run(capsys, "review", "approve", change, "--as", "carol@example.org", "--db", db)
    assert rc == 2 and "already approved" in out
    # the public change log has it, without anyone's name
    with duckdb.connect(str(public(db)), read_only=True) as con:
        assert con.execute("SELECT kind, new_value FROM changelog WHERE region_code = '640521'").fetchall() == \
            [("add", 13.0)]
        assert "alice" not in str(con.execute("SELECT * FROM changelog").fetchall())


def test_a_plain_figures_import_is_refused_without_a_name(capsys, db, tmp_path):
    f = tmp_path / "f.csv"
    f.write_text(FIGURE, encoding="utf-8")
    rc, out = run(capsys, "import", "figures", f, "--db", db)
    assert rc == 2 and "waits for review by a second person" in out and "--as USER" in out and values(db) == []


def test_rejected_with_a_reason_never_published(capsys, db, tmp_path):
    change = enter(capsys, db, tmp_path)
    rc, out = run(capsys, "review", "reject", change, "--as", "bob@example.org", "--db", db)
    assert rc == 2 and "needs a reason" in out
    rc, out = run(capsys, "review", "reject", change, "--as", "bob@example.org", "--why", "来源链接打不开", "--db", db)
    assert rc == 0 and "rejected by bob@example.org: 来源链接打不开" in out
    assert values(db) == [] and values(public(db)) == []
    rc, out = run(capsys, "review", "list", "--db", db)
    assert "no changes pending review" in out
    rc, out = run(capsys, "review", "log", "--db", db)
    assert "bob@example.org,rejected," in out and "来源链接打不开" in out


def test_a_correction_keeps_the_earlier_value_and_the_log_names_both(capsys, db, tmp_path):
    change = enter(capsys, db, tmp_path)
    assert run(capsys, "review", "approve", change, "--as", "bob@example.org", "--db", db)[0] == 0
    source = duckdb.connect(str(db), read_only=True).execute(f"SELECT source_id FROM figures WHERE {WHERE}").fetchone()[0]
    key = ["640521", "stations_built", "2022-03", source]
    rc, out = run(capsys, "review", "correct", *key, "--value", "14", "--as", "bob@example.org", "--db", db)
    assert rc == 2 and "needs a reason" in out
    rc, out = run(capsys, "review", "correct", *key, "--value", "14", "--as", "bob@example.org",
                  "--why", "原文为14个，录入有误", "--db", db)
    assert rc == 0 and "13 → 14" in out, out
    fix = out.split()[1]
    assert values(public(db)) == [13.0]  # the correction waits too
    assert run(capsys, "review", "approve", fix, "--as", "alice@example.org", "--db", db)[0] == 0
    assert values(db) == [14.0] and values(public(db)) == [14.0]
    with duckdb.connect(str(public(db)), read_only=True) as con:
        assert con.execute("SELECT kind, old_value, new_value, why FROM changelog WHERE region_code = '640521' "
                           "ORDER BY change_id").fetchall() == [("add", None, 13.0, ""),
                                                                ("change", 13.0, 14.0, "原文为14个，录入有误")]
    rc, out = run(capsys, "review", "log", "--db", db)
    assert "alice@example.org,entered," in out and "bob@example.org,approved," in out
    assert "bob@example.org,entered correction," in out and "alice@example.org,approved," in out
    # withdrawn, with a reason: gone from the dashboard after any rebuild, its history kept
    rc, out = run(capsys, "review", "withdraw", *key, "--as", "alice@example.org", "--why", "重复统计", "--db", db)
    assert rc == 0
    assert run(capsys, "review", "approve", out.split()[1], "--as", "bob@example.org", "--db", db)[0] == 0
    build(db, DATA_DIR, None)
    assert values(db) == [] and values(public(db)) == []
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT kind, old_value FROM changelog WHERE region_code = '640521' "
                           "ORDER BY change_id").fetchall()[-1] == ("withdraw", 14.0)


def test_only_listed_reviewers_may_approve(capsys, db, tmp_path, monkeypatch):
    change = enter(capsys, db, tmp_path)
    monkeypatch.setenv("SHEGONG_REVIEWERS", "lead@example.org")
    rc, out = run(capsys, "review", "approve", change, "--as", "bob@example.org", "--db", db)
    assert rc == 2 and "not on the list of reviewers" in out and values(db) == []
    assert run(capsys, "review", "approve", change, "--as", "lead@example.org", "--db", db)[0] == 0


@pytest.mark.parametrize("step", ["import:kept-written", "import:kept-switched", "import:committed"])
def test_a_reviewer_killed_mid_approval_leaves_a_consistent_state(capsys, db, tmp_path, step):
    change = enter(capsys, db, tmp_path)
    env = {**os.environ, "SHEGONG_FAULT": step}
    killed = subprocess.run([sys.executable, "-m", "shegong", "review", "approve", change, "--as", "bob@example.org",
                             "--db", str(db)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert killed.returncode == -9, killed.stderr
    rc, out = run(capsys, "review", "list", "--all", "--db", db)
    if step == "import:kept-written":  # before the commit point: still pending, published nowhere
        assert "待审核 pending" in out and values(db) == [] and values(public(db)) == []
        assert run(capsys, "review", "approve", change, "--as", "bob@example.org", "--db", db)[0] == 0
    else:  # after it: approved, and the next writer (here a rebuild of the public warehouse) has the figure
        assert "已批准 approved" in out and "bob@example.org" in run(capsys, "review", "log", "--db", db)[1]
        assert values(public(db)) == []  # killed before its rebuild
        build(public(db), DATA_DIR, None, imports=db.with_name("warehouse.imports"))
    assert values(public(db)) == [13.0]
    rc, out = run(capsys, "import", "stations", ROOT / "tests/data/import_corpus/stations_good.csv", "--db", db,
                  "--as", "alice@example.org")
    assert rc == 0 and "待审核" in out, out
    assert run(capsys, "review", "approve", out.split()[1], "--as", "bob@example.org", "--db", db)[0] == 0
    assert values(db) == [13.0]  # a warehouse left behind by the killed writer is brought up to date


@pytest.mark.parametrize("step,pending", [("review:written", False), ("review:switched", True)])
def test_a_clerk_killed_while_entering_leaves_the_change_whole_or_absent(capsys, db, tmp_path, step, pending):
    f = tmp_path / "f.csv"
    f.write_text(FIGURE, encoding="utf-8")
    killed = subprocess.run([sys.executable, "-m", "shegong", "import", "figures", str(f), "--as", "alice@example.org",
                             "--db", str(db)], cwd=ROOT, env={**os.environ, "SHEGONG_FAULT": step},
                            capture_output=True, text=True)
    assert killed.returncode == -9, killed.stderr
    rc, out = run(capsys, "review", "list", "--db", db)
    assert ("待审核 pending" in out) == pending and values(db) == []
    change = enter(capsys, db, tmp_path)  # the next clerk is not hindered by what the killed one left
    assert change == ("2" if pending else "1")
    assert run(capsys, "review", "approve", change, "--as", "bob@example.org", "--db", db)[0] == 0
    assert values(db) == [13.0]
