"""Import station registers, funding, monthly service records and published figures — all or nothing.

`python -m shegong import TABLE FILE` and the admin page (数据管理) run the same code:

1. read the file into a staging DuckDB file (shegong.ingest.reading: CSV in UTF-8, UTF-8 with BOM, GBK/GB18030 or
   UTF-16, comma or tab separated, through DuckDB's reader; or XLSX through calamine, checked before it is read),
   with English or Chinese headers (declared once in shegong.ingest.columns), keeping the row number a clerk sees
   (header = row 1);
2. normalise values (2021年12月8日, 8946.66万, full-width digits, 运营 → operating, 余/超过/约 → qualifier): once per
   distinct value that is not already canonical, joined back in SQL;
3. check them in DuckDB against a *copy* of the warehouse (codes at the right level, known stations, ranges,
   duplicate keys, points inside the province) in one scan, reporting `file:row:column: problem`;
4. upsert by key into that copy, recompute the roll-ups, run every named query, then `os.replace` the copy over
   the warehouse. Any problem leaves the warehouse byte-identical. A dry run does all of it on the copy and drops it.

Accepted rows (all real, is_demo = false) are also kept as CSV in a folder beside the warehouse
(`warehouse.imports/` for `warehouse.duckdb`), which `build()` replays, so a rebuild does not lose them. Text that
a spreadsheet would run as a formula (=, +, -, @, a tab) is stored as given but written there with a leading '.
"""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import functools
import hashlib
import json
import os
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import duckdb
import pandas as pd

from shegong.config import BOUNDARIES_DIR
from shegong.ingest import atomic, changes
from shegong.ingest import columns as records
from shegong.ingest.atomic import fault, replacing  # noqa: F401 (fault: used by _commit)
from shegong.ingest.columns import Rule, imported
from shegong.ingest.reading import ImportProblems, Staged, capped, from_frame, read  # noqa: F401 (ImportProblems)
from shegong.vocab import QUALIFIER_ALIASES, SCOPE_ALIASES

TABLES = ("stations", "funding", "services", "figures")
MAX_PROBLEMS = records.MAX_PROBLEMS
SCHEMA = Path(__file__).with_name("warehouse.sql")
ROLLUPS = Path(__file__).with_name("rollups.sql")
MEMORY_LIMIT = "640MB"  # the warehouse copy's connection; DuckDB spills beyond it to a temp folder

# Everyday synonyms of coded values besides their codes and Chinese names (columns.py, from shegong.vocab).
SYNONYMS = {
    "status": {"运行": "operating", "运营中": "operating", "建设中": "planned", "已关闭": "closed"},
    "qualifier": QUALIFIER_ALIASES,
    "scope": SCOPE_ALIASES,
}
KEYS = {"stations": ("station_id",), "funding": ("region_code", "year", "program", "source"),
        "services": ("station_id", "month", "category", "service_type"),
        "figures": ("region_code", "indicator", "as_of", "source_id")}
FIGURE_COLUMNS = ("region_code", "indicator", "value", "qualifier", "as_of", "scope", "source_id", "note_zh", "note_en",
                  "research_note")
SOURCE_COLUMNS = ("source_id", "title", "publisher", "published", "url")  # what an import gives of a new source
# Rules of an import beyond the columns' own: imported records are real and never touch demo rows.
EXTRA_RULES: dict[str, list[tuple[str, Rule]]] = {
    "stations": [("station_id", Rule("v IN (SELECT station_id FROM stations WHERE is_demo)",
                                     "is the id of a demo station; give your stations their own ids"))],
    "services": [("station_id", Rule("v IN (SELECT station_id FROM stations WHERE is_demo)",
                                     "is a demo station; imported service records are real and must refer to real "
                                     "stations"))],
}


@dataclass
class Outcome:
    """The result of one import (or dry run): problems, or counts and samples of what changes."""

    name: str
    table: str
    problems: list[str] = field(default_factory=list)
    rows: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    samples: dict[str, pd.DataFrame] = field(default_factory=dict)
    applied: bool = False
    dry_run: bool = False
    seconds: float = 0.0
    encoding: str = ""
    notes: list[str] = field(default_factory=list)  # what was done to read the file (UTF-16, hidden sheet, merged)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        tail = " (dry run: nothing written)" if self.dry_run else ""
        return (f"{self.name}: {self.rows:,} {self.table} rows: {self.added:,} added, {self.changed:,} changed, "
                f"{self.unchanged:,} unchanged{tail} in {self.seconds:.2f} s")


Progress = Callable[[float, str], None]


def _no_progress(fraction: float, text: str) -> None:
    pass


# ------------------------------------------------------------------------------------------------- normalising


def nfkc(s: str) -> str:
    """Full-width digits, letters and brackets to ASCII (１２３ → 123, （ → ()."""
    return unicodedata.normalize("NFKC", s).strip()


CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "万亿": Decimal(10**12)}
AT_LEAST_BEFORE = ("超过", "逾", "多于", "至少", "不少于", "不低于", "高于", "突破", ">=", "≥", ">")
APPROX_BEFORE = ("约", "大约", "将近", "近", "约计", "~", "≈")
NUMBER_RE = re.compile(
    r"^(?P<pre>超过|逾|多于|至少|不少于|不低于|高于|突破|>=|≥|>|大约|约计|约|将近|近|~|≈)?"
    r"(?P<num>-?\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
    r"(?P<q1>余|多)?(?P<unit>万亿|万|亿)?(?P<q2>余|多)?"
    r"(?P<word>元|人次|人|个|名|户|家|次|场|支|%|％)?(?P<post>以上|左右|多)?$")


def cn_integer(s: str) -> int | None:
    """一千二百 → 1200, 十五 → 15 (no 万/亿: they are units handled by parse_number)."""
    total, digit = 0, None
    for ch in s:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            total += (1 if digit is None else digit) * CN_UNITS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


def parse_number(text: str) -> tuple[Decimal | None, str | None]:
    """'8946.66万' → (89466600, None); '2.1万余' → (21000, 'at_least'); '约5亿' → (5e8, 'approx').
    None if not a number."""
    s = re.sub(r"(?<=\d)[,，](?=\d{3})", "", nfkc(text)).replace(" ", "")
    m = NUMBER_RE.match(s)
    if not m:
        return None, None
    num = m["num"]
    try:
        value = Decimal(num) if num[0].isdigit() or num[0] == "-" else Decimal(cn_integer(num))
    except (InvalidOperation, TypeError):
        return None, None
    if m["unit"]:
        value *= BIG_UNITS[m["unit"]]
    qualifier = None
    if m["pre"] in AT_LEAST_BEFORE or m["q1"] or m["q2"] or m["post"] in ("以上", "多"):
        qualifier = "at_least"
    elif m["pre"] in APPROX_BEFORE or m["post"] == "左右":
        qualifier = "approx"
    return value, qualifier


def number_text(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+00:00(?::00)?)?$")
MONTH_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
YEAR_RE = re.compile(r"^(\d{4})\s*年?$")


def parse_date(text: str) -> str | None:
    m = DATE_RE.match(nfkc(text))
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


def parse_month(text: str) -> str | None:
    s = nfkc(text)
    m = MONTH_RE.match(s)
    if m and 1 <= int(m[2]) <= 12:
        return f"{m[1]}-{int(m[2]):02d}"
    if re.fullmatch(r"\d{6}", s) and 1 <= int(s[4:]) <= 12:
        return f"{s[:4]}-{s[4:]}"
    d = parse_date(s)  # Excel turns 2021-12 into the date 2021-12-01
    return d[:7] if d and d.endswith("-01") else None


def parse_as_of(text: str) -> str | None:
    s = nfkc(text)
    if m := YEAR_RE.match(s):
        return m[1]
    return parse_date(s) or parse_month(s)


def _value_map(col) -> dict[str, str]:
    mapping = {}
    for code, zh in col.values.items():
        mapping[code.lower()] = code
        mapping[zh] = code
    mapping.update(SYNONYMS.get(col.name, {}))
    return mapping




# The text each kind of column keeps as it is (SQL on the cell `v`); other distinct values go through the parsers.
CANONICAL = {
    "code": "regexp_full_match(v, '\\d{6}')",
    "region": "regexp_full_match(v, '\\d{6}')",
    "int": "regexp_full_match(v, '0|[1-9]\\d{0,17}')",
    "amount": "regexp_full_match(v, '(0|[1-9]\\d{0,17})(\\.\\d*[1-9])?')",
    "float": "regexp_full_match(v, '-?\\d{1,3}(\\.\\d{1,12})?')",
    "date": "regexp_full_match(v, '\\d{4}-\\d{2}-\\d{2}')",
    "month": "regexp_full_match(v, '\\d{4}-\\d{2}')",
    "year": "regexp_full_match(v, '\\d{4}')",
    "asof": "regexp_full_match(v, '\\d{4}(-\\d{2}(-\\d{2})?)?')",
    "indicator": "regexp_full_match(v, '[a-z][a-z0-9_]*')",
}


def _parser(col, lookups: dict) -> Callable[[str], str]:
    """How one distinct cell of `col` is read (unreadable text stays as given, so the checks name it)."""
    kind = col.kind
    if kind == "code":
        return lambda v: re.sub(r"\.0$", "", nfkc(v))
    if kind == "int":
        def whole(v):
            n, q = parse_number(v)
            return number_text(n) if n is not None and q is None and n == n.to_integral_value() else v
        return whole
    if kind == "float":
        def real(v):
            t = nfkc(v).rstrip("°").strip()
            try:
                return repr(float(t)) if t else ""
            except ValueError:
                return v
        return real
    if kind == "date":
        return lambda v: parse_date(v) or v
    if kind == "month":
        return lambda v: parse_month(v) or v
    if kind == "year":
        return lambda v: m[1] if (m := YEAR_RE.match(re.sub(r"\.0$", "", nfkc(v)))) else v
    if kind == "asof":
        return lambda v: parse_as_of(v) or v
    if kind == "region":
        names = lookups["region_names"]
        return lambda v: names.get(nfkc(v), re.sub(r"\.0$", "", nfkc(v)))
    if kind == "indicator":
        labels = lookups["indicator_labels"]
        return lambda v: labels.get(nfkc(v), labels.get(v, v))
    if kind == "values":
        mapping = _value_map(col)
        return lambda v: mapping.get(v, mapping.get(nfkc(v).lower(), v))
    raise ValueError(kind)


def _canonical(col) -> str | None:
    if col.kind == "values":
        return f"v IN {records._in(col.values)}"
    return CANONICAL.get(col.kind)


def normalise(con, table: str, source: str, lookups: dict, materialise: bool) -> None:
    """Create `raw` (a view, or a table when `materialise`): the staged text with every readable cell canonical.

    One scan finds the columns holding non-canonical text; only their distinct values are parsed in Python, and the
    results joined back by value, so 20 million rows of canonical text are never touched by Python."""
    cols = imported(table)
    todo = [(c, _canonical(c)) for c in cols if c.kind == "amount" or _canonical(c)]
    counts = con.execute("SELECT " + ", ".join(
        f"count_if({c.name} <> '' AND NOT ({records.PLACEHOLDER.sub(c.name, sql)}))" if sql else "count(*)"
        for c, sql in todo) + f" FROM {source}").fetchone() if todo else ()
    select, joins = ["s._row"], []
    amount = next((c for c in cols if c.kind == "amount"), None)
    hint = "''"
    for (c, _), count in zip(todo, counts):
        if not count:
            continue
        values = [v for (v,) in con.execute(f"SELECT DISTINCT {c.name} FROM {source} WHERE {c.name} <> ''"
                                            + (f" AND NOT ({records.PLACEHOLDER.sub(c.name, _canonical(c))})"
                                               if _canonical(c) else "")).fetchall()]
        if c.kind == "amount":
            parsed = [(v, *parse_number(v)) for v in values]
            m = pd.DataFrame({"src": values, "dst": [number_text(n) if n is not None else v for v, n, _ in parsed],
                              "hint": [q or "" for _, _, q in parsed]})
            hint = f"coalesce(m_{c.name}.hint, '')"
        else:
            fn = _parser(c, lookups)
            m = pd.DataFrame({"src": values, "dst": [fn(v) for v in values]})
        con.register("m_df", m)
        con.execute(f"CREATE OR REPLACE TEMP TABLE m_{c.name} AS SELECT * FROM m_df")
        con.unregister("m_df")
        joins.append(f"LEFT JOIN m_{c.name} ON m_{c.name}.src = s.{c.name}")
    mapped = {j.split()[2] for j in joins}
    expr = {c.name: f"coalesce(m_{c.name}.dst, s.{c.name})" if f"m_{c.name}" in mapped else f"s.{c.name}"
            for c in cols}
    if amount is not None and "qualifier" in expr:
        given = expr["qualifier"]
        expr["qualifier"] = f"CASE WHEN {given} <> '' THEN {given} WHEN {hint} <> '' THEN {hint} ELSE 'exact' END"
        select += [f"{given} AS _given", f"{hint} AS _hint", f"s.{amount.name} AS _amount"]
    select += [f"{e} AS {n}" for n, e in expr.items()]
    kind = "TABLE" if materialise else "VIEW"
    con.execute(f"CREATE OR REPLACE TEMP {kind} raw AS SELECT {', '.join(select)} FROM {source} s {' '.join(joins)}")


# ---------------------------------------------------------------------------------------------------- checking

@functools.cache
def _province_features() -> list:
    return json.loads((BOUNDARIES_DIR / "provinces.geojson").read_text(encoding="utf-8"))["features"]


@functools.cache
def _province_shape(code: str):
    """The province's outline from data/boundaries, widened by ~2 km (the outlines are simplified)."""
    import shapely
    from shapely.geometry import shape

    for f in _province_features():
        if f["properties"]["code"] == code:
            geom = shapely.buffer(shape(f["geometry"]), 0.02)
            shapely.prepare(geom)
            return geom
    return None


def _outside_province(df: pd.DataFrame, names: dict[str, str]) -> list[tuple[int, str, str]]:
    """Stations whose lon/lat lie outside the province of their county."""
    import shapely

    lon = pd.to_numeric(df["lon"], errors="coerce")
    lat = pd.to_numeric(df["lat"], errors="coerce")
    code = df["county_code"].astype(str)
    ok = lon.notna() & lat.notna() & code.str.fullmatch(r"\d{6}") & lon.between(73, 136) & lat.between(3, 54)
    province = code.str[:2] + "0000"
    problems = []
    for prov in pd.unique(province[ok]):
        geom = _province_shape(prov)
        if geom is None:
            continue
        sel = ok & (province == prov)
        inside = shapely.contains_xy(geom, lon[sel].to_numpy(), lat[sel].to_numpy())
        bad = df.loc[sel][~inside]
        pname = names.get(prov, prov)
        for row, x, y, c in zip(bad["_row"], lon[bad.index], lat[bad.index], bad["county_code"]):
            problems.append((row, "lon", f"{x:g}, {y:g} is outside {pname}, the province of county {c} "
                                         f"(lon/lat swapped, or not GCJ-02?)"))
    return problems




def check(con, table: str, name: str) -> list[str]:
    """Every rule over the normalised `raw` in one scan, duplicate keys, points in their province; problems sorted by
    row, at most MAX_PROBLEMS and a count."""
    cols = imported(table)
    order = {c.name: i for i, c in enumerate(cols)}
    rules = [(c.name, r) for c in cols for r in c.rules] + EXTRA_RULES.get(table, [])
    if "_hint" in [d[0] for d in con.execute("SELECT * FROM raw LIMIT 0").description]:
        amount = next(c.name for c in cols if c.kind == "amount")
        rules.append(("_given", Rule("v <> '' AND _hint <> '' AND v <> _hint",
                                     f"'''' || v || ''' disagrees with the wording of {amount} (' || _amount || ')'",
                                     True)))
    total, found = records.scan(con, "raw", rules, "_row")
    found = [(row, "qualifier" if col == "_given" else col, msg) for row, col, msg in found]
    key = KEYS[table]
    k = ", ".join(key)
    twice = con.execute(f"SELECT count(*) FROM (SELECT hash({k}) h FROM raw GROUP BY h HAVING count(*) > 1)").fetchone()
    if twice[0]:  # a hash seen twice: find the rows really repeating a key among those few
        dups = con.execute(f"""
            SELECT _row, first, {k} FROM (
                SELECT _row, {k}, row_number() OVER w AS n, first_value(_row) OVER w AS first FROM raw
                WHERE hash({k}) IN (SELECT hash({k}) h FROM raw GROUP BY h HAVING count(*) > 1)
                WINDOW w AS (PARTITION BY {k} ORDER BY _row)) WHERE n > 1 ORDER BY _row""").fetchall()
        total += len(dups)
        for row, first, *values in dups[:MAX_PROBLEMS]:
            found.append((row, key[-1], f"repeats row {first} (same {'/'.join(key)}: {', '.join(map(str, values))})"))
    if table == "stations":
        names = dict(con.execute("SELECT code, name FROM regions WHERE level = 'province'").fetchall())
        points = con.execute("SELECT _row, lon, lat, county_code FROM raw WHERE lon <> '' AND lat <> ''").df()
        outside = _outside_province(points, names)
        total += len(outside)
        found += outside
    found.sort(key=lambda p: (p[0], order.get(p[1], 99)))
    return capped([f"{name}:{row}:{col}: {msg}" for row, col, msg in found], total)


# ------------------------------------------------------------------------------------------------- upserting

def _value_columns(table: str) -> list[str]:
    if table == "figures":
        return list(FIGURE_COLUMNS)
    return [c.name for c in records.TABLES[table] if c.name != "is_demo"]


def _existing(table: str) -> str:
    return "figures" if table == "figures" else f"(SELECT * FROM {table} WHERE NOT is_demo)"


def _lookups(con) -> dict:
    regions = con.execute("SELECT code, name, level FROM regions").fetchall()
    names = {n: c for c, n, _ in regions}
    for c, n, level in regions:  # 河南 → 410000; short names only for provinces (unambiguous)
        if level == "province":
            short = re.sub(r"(省|市|(壮族|回族|维吾尔)?自治区|特别行政区)$", "", n)
            names.setdefault(short, c)
    labels = dict(con.execute("SELECT label_zh, indicator FROM indicators").fetchall())
    return {"region_names": names, "indicator_labels": labels}


def _new_sources(con, df: pd.DataFrame) -> pd.DataFrame:
    """Give rows with a source title (and no source_id) the id of that source: an existing one or a new `I…` id."""
    known = {(t, p or ""): s for s, t, p in con.execute("SELECT source_id, title, published FROM sources").fetchall()}
    need = (df["source_id"] == "") & (df["source_title"] != "")
    rows = []
    for idx in df.index[need]:
        title, pub, date, url = (df.at[idx, c] for c in ("source_title", "source_publisher", "source_published",
                                                         "source_url"))
        sid = known.get((title, date))
        if sid is None:
            sid = "I" + hashlib.sha1("|".join((title, pub, date, url)).encode()).hexdigest()[:8]
            rows.append((sid, title, pub or None, date or None, url or None))
        df.at[idx, "source_id"] = sid
    return pd.DataFrame(sorted(set(rows)), columns=list(SOURCE_COLUMNS))




def _drop(con, name: str) -> None:
    """Drop the temp table or view `name` if there is one."""
    kind = con.execute("SELECT 'VIEW' FROM duckdb_views() WHERE temporary AND view_name = $n UNION ALL "
                       "SELECT 'TABLE' FROM duckdb_tables() WHERE temporary AND table_name = $n",
                       {"n": name}).fetchone()
    if kind:
        con.execute(f"DROP {kind[0]} temp.{name}")


def stage(con, table: str, name: str, staged: Staged) -> list[str]:
    """Normalise and check the staged file against this warehouse; when clean, the typed rows are the view `new`
    (read from the staging file as it is scanned: 20 million rows are not copied once more), their sources in
    `new_sources`. On problems the staging file is detached and removed; else when the next stage() or the
    connection ends."""
    _unstage(con)
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    con.execute("SET preserve_insertion_order = false")  # every later step orders by _row where order matters
    con.execute(f"ATTACH '{_q(staged.db)}' AS stg (READ_ONLY)")
    ok = False
    try:
        lookups = _lookups(con)
        normalise(con, table, "stg.staged", lookups, materialise=table == "figures")
        sources = pd.DataFrame(columns=list(SOURCE_COLUMNS))
        if table == "figures":
            df = con.execute("SELECT _row, source_id, source_title, source_publisher, source_published, source_url "
                             "FROM raw").df()
            sources = _new_sources(con, df)
            con.register("sid_df", df[["_row", "source_id"]])
            con.execute("UPDATE raw SET source_id = sid_df.source_id FROM sid_df WHERE raw._row = sid_df._row")
            con.unregister("sid_df")
        con.register("sources_df", sources.astype(object))
        con.execute("CREATE TEMP TABLE new_sources AS SELECT "
                    + ", ".join(f"CAST({c} AS VARCHAR) AS {c}" for c in SOURCE_COLUMNS) + " FROM sources_df")
        con.unregister("sources_df")
        problems = check(con, table, name)
        if problems:
            return problems
        types = {c.name: c.type for c in imported(table)}
        cols = ", ".join(f"CAST(NULLIF({c}, '') AS {types.get(c, 'VARCHAR')}) AS {c}" for c in _value_columns(table))
        con.execute(f"CREATE TEMP VIEW new AS SELECT _row, {cols} FROM raw")
        ok = True
        return []
    finally:
        if not ok:
            _unstage(con)
            staged.close()


def _unstage(con) -> None:
    """Drop what a previous stage() left (its views, value maps and the attached staging file)."""
    for t in ("new", "raw", "new_sources", "diff"):
        _drop(con, t)
    for (m,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE temporary "
                            "AND table_name LIKE 'm\\_%' ESCAPE '\\'").fetchall():
        con.execute(f"DROP TABLE temp.{m}")
    con.execute("DETACH DATABASE IF EXISTS stg")


def diff(con, table: str) -> dict[str, int]:
    """Split `new` into rows to add, to change (with the changed columns named) and to leave as they are."""
    key = KEYS[table]
    values = [c for c in _value_columns(table) if c not in key]
    on = " AND ".join(f"n.{k} = o.{k}" for k in key)
    same = " AND ".join(f"n.{c} IS NOT DISTINCT FROM o.{c}" for c in values) or "true"
    changed = ", ".join(f"CASE WHEN n.{c} IS DISTINCT FROM o.{c} THEN '{c}' END" for c in values)
    con.execute(f"""CREATE OR REPLACE TEMP TABLE diff AS
        SELECT n.*, CASE WHEN o._hit IS NULL THEN 'add' WHEN {same} THEN 'same' ELSE 'change' END AS _action,
               CASE WHEN o._hit IS NOT NULL AND NOT ({same}) THEN concat_ws(', ', {changed}) END AS _changed
        FROM new n LEFT JOIN (SELECT *, true AS _hit FROM {_existing(table)}) o ON {on}""")
    counts = dict(con.execute("SELECT _action, count(*) FROM diff GROUP BY 1").fetchall())
    return {a: counts.get(a, 0) for a in ("add", "change", "same")}


def samples(con, n: int = 20) -> dict[str, pd.DataFrame]:
    return {a: con.execute(f"SELECT * EXCLUDE (_action) FROM diff WHERE _action = '{a}' ORDER BY _row LIMIT {n}").df()
            for a in ("add", "change", "same")}


def upsert(con, table: str) -> None:
    """Replace changed rows and add new ones (the key decides); demo rows are never touched."""
    key = KEYS[table]
    cols = _value_columns(table)
    match = " AND ".join(f"d.{k} = t.{k}" for k in key)
    real = "" if table == "figures" else "NOT t.is_demo AND "
    con.execute(f"DELETE FROM {table} t WHERE {real}EXISTS (SELECT 1 FROM diff d WHERE d._action = 'change' "
                f"AND {match})")
    if table == "figures":
        con.execute("""INSERT INTO sources (source_id, title, publisher, published, url)
                       SELECT * FROM new_sources WHERE source_id NOT IN (SELECT source_id FROM sources)""")
        con.execute(f"""INSERT INTO figures (figure_id, {', '.join(cols)}, note, as_of_end)
            SELECT (SELECT coalesce(max(figure_id), 0) FROM figures) + row_number() OVER (ORDER BY _row),
                   {', '.join(cols)}, note_zh, period_end(as_of)
            FROM diff WHERE _action <> 'same'""")
    else:
        con.execute(f"INSERT INTO {table} ({', '.join(cols)}, is_demo) SELECT {', '.join(cols)}, false "
                    f"FROM diff WHERE _action <> 'same' ORDER BY _row")


def refresh(con, figures: bool, rollups: bool) -> None:
    """Recompute what is derived from the changed tables: best/latest figures (warehouse.sql), roll-ups."""
    if figures:
        for stmt in con.extract_statements(SCHEMA.read_text(encoding="utf-8")):
            m = re.search(r"CREATE TABLE (figures_best|figures_latest)\b", stmt.query)
            if m:
                con.execute(f"DROP TABLE IF EXISTS {m[1]}")
                con.execute(stmt.query)
    if rollups:  # small roll-ups made again; of the services roll-ups (tens of millions of rows) only the real part
        for stmt in con.extract_statements(ROLLUPS.read_text(encoding="utf-8")):
            m = re.search(r"CREATE TABLE (\w+) AS FROM (\w+_of)\(", stmt.query)
            if m:
                con.execute(f"DELETE FROM {m[1]} WHERE NOT is_demo")
                con.execute(f"INSERT INTO {m[1]} FROM {m[2]}([false])")
                continue
            m = re.search(r"CREATE TABLE (\w+)", stmt.query)
            if m:
                con.execute(f"DROP TABLE IF EXISTS {m[1]}")
            con.execute(stmt.query)


# ------------------------------------------------------------------------------------------- keeping imports

def imports_dir(db: Path) -> Path:
    """Where accepted imports are kept for the next build: `warehouse.imports/` beside `warehouse.duckdb`, in
    versions switched by one rename (ingest.atomic); kept_files() is the live version's folder."""
    return atomic.kept_folder(db)


def kept_files(db: Path) -> Path:
    """The folder of the live kept files (stations.csv, …, import_log.csv) of the warehouse `db`."""
    return atomic.kept_dir(imports_dir(db))


LOG_COLUMNS = ["imported_at", "user", "table", "file", "rows", "added", "changed", "unchanged"]


def import_log(db: Path) -> pd.DataFrame | None:
    """Who imported what and when (newest last), or None before the first import."""
    log = kept_files(db) / "import_log.csv"
    if not log.exists():
        return None
    df = pd.read_csv(log, dtype=str, keep_default_na=False).reindex(columns=LOG_COLUMNS, fill_value="")
    for col in ("user", "file"):  # shown as given (the file keeps the inert ')
        df[col] = df[col].map(lambda s: s[1:] if s[:1] == "'" and s[1:2] in ("=", "+", "-", "@", "\t", "\r", "'")
                              else s)
    return df


def _q(path: Path) -> str:
    return str(path).replace("'", "''")


def inert_text(text) -> str:
    """A log cell a spreadsheet cannot take for a formula: a leading ' before = + - @ tab, CR or ' (as inert())."""
    s = str(text)
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r", "'") else s


def inert(col: str) -> str:
    """SQL: the text of `col` with a leading ' when a spreadsheet would take it for a formula (=, +, -, @, a tab or
    carriage return) or when it starts with ' itself; replay() takes exactly one ' off again."""
    text = f"CAST({col} AS VARCHAR)"
    return f"CASE WHEN regexp_matches({text}, '^[=+@\\t\\r''-]') THEN '''' || {text} ELSE {text} END AS {col}"


def _write_kept(con, table: str, version: Path) -> None:
    """Merge this import into the kept files of a new version (old kept rows not replaced, plus the new rows)."""
    def write(name: str, columns: list[str], key: tuple[str, ...], new_sql: str) -> None:
        final = version / f"{name}.csv"
        cols = ", ".join(columns)
        parts = [f"SELECT {cols} FROM ({new_sql})"]
        if final.exists():
            old = f"read_csv('{_q(final)}', header = true, all_varchar = true, delim = ',', quote = '\"')"
            match = " AND ".join(f"CAST(n.{k} AS VARCHAR) = o.{k}" for k in key)
            parts.insert(0, f"SELECT {cols} FROM {old} o WHERE NOT EXISTS (SELECT 1 FROM ({new_sql}) n WHERE {match})")
        tmp = version / f"{name}.csv.tmp"
        union = " UNION ALL ".join(f"SELECT {', '.join(f'CAST({c} AS VARCHAR) AS {c}' for c in columns)} FROM ({p})"
                                   for p in parts)
        con.execute(f"COPY ({union}) TO '{_q(tmp)}' (HEADER, DELIMITER ',')")
        os.replace(tmp, final)  # inside a version nobody reads yet

    cols = _value_columns(table)
    write(table, cols, KEYS[table], f"SELECT {', '.join(inert(c) for c in cols)} FROM new")
    if table == "figures":
        write("sources", list(SOURCE_COLUMNS), ("source_id",),
              f"SELECT {', '.join(inert(c) for c in SOURCE_COLUMNS)} FROM new_sources")


def _log(version: Path, outcome: Outcome, user: str) -> None:
    """Add who imported what, and when, to the new version's import log (written with it, so never lost)."""
    log = version / "import_log.csv"
    rows = []
    if log.exists():  # logs written before the user column get an empty one
        with log.open(encoding="utf-8", newline="") as f:
            rows = [[r.get(c, "") for c in LOG_COLUMNS] for r in csv.DictReader(f)]
    rows.append([dt.datetime.now().astimezone().isoformat(timespec="seconds"), inert_text(user), outcome.table,
                 inert_text(outcome.name), outcome.rows, outcome.added, outcome.changed, outcome.unchanged])
    with log.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(LOG_COLUMNS)
        w.writerows(rows)


def marked_version(con) -> str:
    """The kept-imports version a warehouse reflects ('' when built before versions or without any import)."""
    try:
        return con.execute("SELECT version FROM kept_imports").fetchall()[0][0]  # fetched to the end: no open result
    except duckdb.CatalogException:
        return ""


def mark_version(con, version: str) -> None:
    con.execute("CREATE OR REPLACE TABLE kept_imports AS SELECT CAST($v AS VARCHAR) AS version", {"v": version})




def replay(con, folder: Path) -> list[str]:
    """Upsert the live kept imports of `folder` into `con` (build: before its roll-ups; import: to catch up a
    warehouse whose writer was killed after the kept imports were switched). An upsert by key, so idempotent."""
    folder = Path(folder)
    problems: list[str] = []
    live = atomic.kept_dir(folder)
    if not live.is_dir():
        changes.load(con, None)  # an empty change log
        return problems
    label = folder.name
    for table in TABLES:
        path = live / f"{table}.csv"
        if not path.exists():
            continue
        if table == "figures" and (live / "sources.csv").exists():
            src = f"read_csv('{_q(live / 'sources.csv')}', header = true, all_varchar = true)"
            plain = ", ".join(f"NULLIF(CASE WHEN starts_with({c}, '''') THEN substr({c}, 2) ELSE {c} END, '') AS {c}"
                              for c in SOURCE_COLUMNS)
            con.execute(f"""INSERT INTO sources ({', '.join(SOURCE_COLUMNS)}) SELECT * FROM (SELECT {plain} FROM {src})
                            WHERE source_id NOT IN (SELECT source_id FROM sources)""")
        name = f"{label}/{path.name}"
        try:
            staged = read(name, path, table, kept=True)
        except ImportProblems as e:
            problems += e.problems
            continue
        found = stage(con, table, name, staged)
        if found:
            problems += found
            continue
        diff(con, table)
        upsert(con, table)
        if table == "figures":
            refresh(con, figures=True, rollups=False)
    _unstage(con)
    if not problems and changes.load(con, live):  # withdrawn figures out, the public change log in
        refresh(con, figures=True, rollups=False)
    return problems


# ------------------------------------------------------------------------------------------------ review state

def review_only(db: Path, write: Callable[[Path], None], wait: bool = True) -> None:
    """Under the writer lock, a new kept version changed only by write(version) (a change entered or rejected): its
    rows are its predecessor's, so the warehouse stays as it is and needs no replay."""
    folder = imports_dir(db)
    with atomic.writer_lock(db, wait):
        atomic.clean_kept(folder)
        data = atomic.kept_data_version(folder)
        with atomic.new_kept_version(folder) as version:
            (version / atomic.DATA).write_text(data or atomic.NO_DATA, encoding="utf-8")
            write(version)
            fault("review:written")
            atomic.switch_kept(folder, version)
            fault("review:switched")


def apply_review(db: Path, write: Callable[[Path, object], None], wait: bool = True) -> list[str]:
    """Under the writer lock, a new kept version and warehouse changed by write(version, con) alone (a withdrawal:
    withdrawn.csv and the review state), then changes.load() applies it; the same two renames as an import."""
    from shegong.queries import check_all

    folder = imports_dir(db)
    with replacing(db, copy=True, wait=wait, name="import") as job, contextlib.ExitStack() as stack:
        with duckdb.connect(str(job.path)) as con:
            if marked_version(con) != atomic.kept_data_version(folder):
                problems = replay(con, folder)
                if problems:
                    return problems
                refresh(con, figures=True, rollups=True)
            version = stack.enter_context(atomic.new_kept_version(folder))
            (version / atomic.DATA).write_text(version.name, encoding="utf-8")
            write(version, con)
            changes.load(con, version)
            refresh(con, figures=True, rollups=False)
            mark_version(con, version.name)
            con.execute("CHECKPOINT")
        failed = check_all(job.path)
        if failed:
            return failed
        fault("import:kept-written")
        atomic.switch_kept(folder, version)
        fault("import:kept-switched")
        job.commit()
        fault("import:committed")
    return []


# --------------------------------------------------------------------------------------------------- running

def run(table: str, name: str, data: Path | bytes | pd.DataFrame, db: Path | None = None, dry_run: bool = False,
        progress: Progress = _no_progress, user: str = "", wait: bool = True,
        capture: Callable | None = None, on_switch: Callable | None = None) -> Outcome:
    """Read, check and (unless dry_run) apply one import. `data` is the file (a path, read as a stream; or
    its bytes), or a frame of text columns.
    `user` is logged with the import; with wait=False a busy warehouse is a problem instead of a wait.
    The review (ingest.review) hooks in: capture(con) sees the compared rows (table `diff`, the warehouse's rows)
    before anything is written; on_switch(version, con) writes the review state into the new kept version, before it
    is switched in (so the rows and their approval are one commit)."""
    from shegong.queries import warehouse_path

    t0 = time.perf_counter()
    db = Path(db) if db else warehouse_path()
    out = Outcome(name, table, dry_run=dry_run)
    from shegong.config import public

    if public():  # defence in depth: the public deployment has no admin page and never writes
        out.problems = [f"{name}:1:-: imports are disabled in the public deployment (SHEGONG_PUBLIC=1)"]
        return out
    if table not in TABLES:
        out.problems = [f"{name}:1:-: unknown table {table!r}; one of {', '.join(TABLES)}"]
        return out
    if not db.is_file():
        out.problems = [f"{name}:1:-: no warehouse at {db}: run `python -m shegong build` first"]
        return out
    try:
        progress(0.0, "read")
        if isinstance(data, pd.DataFrame):  # rows from the page (a bulletin's ticked candidates)
            df = from_frame(name, table, data)
        else:
            df = read(name, data, table)
        out.encoding, out.notes = df.encoding, df.notes
    except ImportProblems as e:
        out.problems = e.problems
        out.seconds = time.perf_counter() - t0
        return out
    out.rows = len(df)
    if not len(df):
        df.close()
        out.problems = [f"{name}:2:-: has a header but no rows"]
        return out
    try:  # with wait=False, atomic.Busy reaches the caller: the file is fine, the warehouse is busy
        _commit(table, name, df, db, dry_run, progress, user, wait, out, capture, on_switch)
    finally:
        out.seconds = time.perf_counter() - t0
        progress(1.0, "done")
    return out


def _commit(table, name, df, db, dry_run, progress, user, wait, out, capture=None, on_switch=None) -> None:
    """Under the writer lock: check and upsert into a copy of the warehouse, write and sync a new version of the kept
    imports, switch to it (the commit point), then rename the copy over the warehouse."""
    from shegong.queries import check_all

    folder = imports_dir(db)
    with replacing(db, copy=True, wait=wait, name="import") as job, contextlib.ExitStack() as stack:
        progress(0.3, "copy")
        version = None
        with duckdb.connect(str(job.path)) as con:
            live = atomic.kept_data_version(folder)
            behind = marked_version(con) != live  # the last writer was killed between its two renames
            if behind:
                out.problems = replay(con, folder)
                if out.problems:
                    return
                refresh(con, figures=True, rollups=True)
                mark_version(con, live)
            progress(0.4, "check")
            out.problems = stage(con, table, name, df)
            if out.problems:
                return
            progress(0.6, "compare")
            counts = diff(con, table)
            out.added, out.changed, out.unchanged = counts["add"], counts["change"], counts["same"]
            out.samples = samples(con)
            if capture is not None:
                capture(con)
            if dry_run or not (out.added or out.changed or on_switch):  # nothing to write (a copy brought up to date)
                if dry_run or not behind:
                    return
            else:
                progress(0.7, "write")
                upsert(con, table)
                progress(0.75, "rollups")
                refresh(con, figures=table == "figures", rollups=table != "figures")
                fault("import:upserted")
                version = stack.enter_context(atomic.new_kept_version(folder))
                _write_kept(con, table, version)
                _log(version, out, user)
                (version / atomic.DATA).write_text(version.name, encoding="utf-8")
                if on_switch is not None:
                    on_switch(version, con)
                mark_version(con, version.name)
            con.execute("CHECKPOINT")
        progress(0.9, "queries")
        failed = check_all(job.path)
        if failed:
            out.problems = failed
            return
        if version is not None:
            fault("import:kept-written")
            atomic.switch_kept(folder, version)  # the commit point: the next build has these rows
            fault("import:kept-switched")
        job.commit()
        fault("import:committed")
        out.applied = version is not None
