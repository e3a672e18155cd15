"""Property-based tests of the importer through the CLI (hypothesis): any good register round-trips exactly; any
bad cell is refused naming its row and column; text in hostile encodings is stored exactly or not at all."""
import csv
import datetime as dt
import hashlib
import io
import shutil
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shegong.config import DATA_DIR
from shegong.ingest.build import build
from shegong.vocab import STATUS
from tests.reviewed import import_reviewed

HEADER = ["站点编号", "站点名称", "县区代码", "乡镇街道", "状态", "建成日期", "驻站社工人数", "运营机构"]
COUNTIES = ["640521", "410102", "130102", "110101"]
SETTINGS = settings(max_examples=12, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# any text a clerk may type: letters of any script, CJK, punctuation, quotes, commas, tabs and line breaks inside a
# cell, formula-like starts; not NUL or other control bytes (refused), no spaces at the ends (trimmed)
chars = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp", "Co", "Cn")) | st.sampled_from(
    list("\t\n,\"'=+-@中文社工站　"))
text = st.text(chars, min_size=1, max_size=10).filter(lambda s: s.strip(" ") == s and s.strip())
day = st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))
DATE_FORMATS = [lambda d: d.isoformat(), lambda d: f"{d.year}/{d.month}/{d.day}",
                lambda d: f"{d.year}年{d.month}月{d.day}日"]


@st.composite
def station(draw, i):
    opened = draw(st.none() | day)
    return {"station_id": f"P{i}-" + draw(text), "name": draw(text), "county_code": draw(st.sampled_from(COUNTIES)),
            "township": draw(text), "status": draw(st.sampled_from(list(STATUS))),
            "status_as": draw(st.sampled_from(["code", "zh"])), "opened_on": opened,
            "opened_as": draw(st.sampled_from(DATE_FORMATS)), "social_workers": draw(st.integers(0, 10**6)),
            "operator": draw(st.none() | text)}


registers = st.integers(1, 6).flatmap(lambda n: st.tuples(*[station(i) for i in range(n)]))


def cells(s) -> list[str]:
    return [s["station_id"], s["name"], s["county_code"], s["township"],
            s["status"] if s["status_as"] == "code" else STATUS[s["status"]],
            s["opened_as"](s["opened_on"]) if s["opened_on"] else "", str(s["social_workers"]), s["operator"] or ""]


def as_csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(HEADER)
    w.writerows(rows)
    return out.getvalue()


@pytest.fixture(scope="module")
def base(published_warehouse) -> Path:
    """The published figures alone (conftest.py); each example imports into a fresh copy."""
    return published_warehouse


def fresh(base: Path, folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    db = folder / "warehouse.duckdb"
    shutil.copy(base, db)
    return db


def run(capsys, f: Path, db: Path):
    return import_reviewed(capsys, "stations", f, db)[:2]


def stored(db: Path) -> dict:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT station_id, name, county_code, township, status, opened_on, social_workers, "
                           "operator FROM stations").fetchall()
    return {r[0]: r[1:] for r in rows}


@SETTINGS
@given(register=registers, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]))
def test_good_rows_round_trip_exactly(capsys, base, tmp_path, register, encoding):
    db = fresh(base, tmp_path / "good")
    f = db.parent / "register.csv"
    f.write_bytes(as_csv([cells(s) for s in register]).encode(encoding))
    rc, out = run(capsys, f, db)
    assert rc == 0, out
    assert stored(db) == {s["station_id"]: (s["name"], s["county_code"], s["township"], s["status"], s["opened_on"],
                                            s["social_workers"], s["operator"]) for s in register}


BAD = [("站点编号", ""), ("站点名称", ""), ("县区代码", "999999"), ("县区代码", "410000"), ("县区代码", "abc"),
       ("状态", "营业中"), ("建成日期", "2021-02-30"), ("建成日期", "明年"), ("驻站社工人数", "-1"),
       ("驻站社工人数", "3.5"), ("驻站社工人数", "三个半")]
NAMES = dict(zip(HEADER, ["station_id", "name", "county_code", "township", "status", "opened_on", "social_workers",
                          "operator"]))


@SETTINGS
@given(register=registers, at=st.integers(0, 5), bad=st.sampled_from(BAD))
def test_a_bad_cell_is_refused_naming_its_row_and_column(capsys, base, tmp_path, register, at, bad):
    db = fresh(base, tmp_path / "bad")
    rows = [[c.replace("\n", " ") for c in cells(s)] for s in register]  # one line per row: row = line
    at = at % len(rows)
    header, value = bad
    rows[at][HEADER.index(header)] = value
    f = db.parent / "register.csv"
    f.write_text(as_csv(rows), encoding="utf-8")
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    rc, out = run(capsys, f, db)
    assert rc == 2
    assert any(line.startswith(f"{f}:{at + 2}:{NAMES[header]}: ") for line in out), out
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


cjk = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=8)


@SETTINGS
@given(names=st.lists(cjk, min_size=1, max_size=6, unique=True),
       encodings=st.lists(st.sampled_from(["utf-8", "gbk"]), min_size=7, max_size=7))
def test_hostile_encodings_never_store_altered_text(capsys, base, tmp_path, names, encodings):
    """Each line in UTF-8 or GBK at random: the names are stored exactly, or the file is refused and nothing kept."""
    db = fresh(base, tmp_path / "enc")
    lines = [",".join(HEADER)] + [f"E{i},{n},640521,宁安镇,运营,,1," for i, n in enumerate(names)]
    used = encodings[: len(lines)]
    f = db.parent / "mixed.csv"
    f.write_bytes(b"".join((line + "\n").encode(enc) for line, enc in zip(lines, used)))
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    rc, out = run(capsys, f, db)
    if rc == 0:
        assert {k: v[0] for k, v in stored(db).items()} == {f"E{i}": n for i, n in enumerate(names)}
    else:
        assert rc == 2 and "mixes encodings" in out[0], out
        assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    if len(set(used)) == 1:  # one encoding throughout: always read
        assert rc == 0, out
