"""Every record table's columns, declared once: station registers, funding, monthly service records and the
published figures an import adds.

One `Column` carries the name, the Chinese header (and other headers a clerk may write), the SQL type, the unit,
the allowed values (from shegong.vocab), the meaning in Chinese and English, an example, and the rules its text
must pass. This one declaration drives the build's checks (`load` below), the import (header mapping, reading,
checks: shegong.ingest.importer), the XLSX templates (shegong.ingest.templates), the headers of the data files and
the tables in data/README.md (`markdown`; tests/unit/test_columns.py checks they agree).

These tables can hold tens of millions of rows (the national demo has 20 million service rows), so the checks
run inside DuckDB, one scan for all rules, and report at most MAX_PROBLEMS lines `file:row:column: problem`
(row = line in a CSV file, header = 1; row number in a Parquet file).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import duckdb

from shegong.vocab import CATEGORY, FUND_SOURCE, QUALIFIERS, QUALIFIER_WORD, SCOPE_WORD, SERVICE_TYPE, STATUS

WRITTEN_QUALIFIERS = {q: QUALIFIER_WORD[q] for q in QUALIFIERS}  # what a source can say (≤ is only computed)

MAX_PROBLEMS = 50
PLACEHOLDER = re.compile(r"\bv\b")  # the cell in a rule's SQL condition


class Rule(NamedTuple):
    """SQL condition TRUE for a bad cell `v` (the cell as VARCHAR) and the message; when `sql` the message is itself
    an SQL expression of `v` (e.g. to name the level of a code)."""

    cond: str
    msg: str
    sql: bool = False


def _in(values) -> str:
    return "(" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + ")"


@dataclass(frozen=True)
class Column:
    """One column of a record table: how it is stored, read, checked and explained."""

    name: str
    type: str  # SQL type in the warehouse
    rules: tuple[Rule, ...]
    required: bool = True  # a value in every row
    zh: str = ""  # the Chinese header (templates, the admin page's preview)
    aliases: tuple[str, ...] = ()  # other headers accepted in an import
    kind: str = "text"  # how an import reads the text: text code int amount float date month year asof region
    # indicator url bool, or "values" (one of `values`, by code or Chinese name)
    unit: str = ""
    values: dict | None = None  # allowed values: code → Chinese name (shegong.vocab)
    about_zh: str = ""
    about_en: str = ""
    example: str = ""
    in_file: bool | None = None  # must an imported file have this column (default: required)

    @property
    def needed(self) -> bool:
        return self.required if self.in_file is None else self.in_file


def _required(name, type_, *rules, **kw):
    return Column(name, type_, (Rule("v IS NULL OR trim(v) = ''", "is empty"),)
                  + tuple(Rule(f"v IS NOT NULL AND trim(v) <> '' AND ({r[0]})", *r[1:]) for r in rules), **kw)


def _optional(name, type_, *rules, **kw):
    return Column(name, type_, tuple(Rule(f"v IS NOT NULL AND trim(v) <> '' AND ({r[0]})", *r[1:]) for r in rules),
                  required=False, **kw)


LEVEL_NAMES = {"nation": "the nation", "province": "a province", "prefecture": "a prefecture", "county": "a county"}
DATE_HELP = "YYYY-MM-DD、YYYY/MM/DD 或 2021年12月8日"
WHOLE = ("TRY_CAST(v AS BIGINT) IS NULL OR TRY_CAST(v AS BIGINT) < 0", "is not a whole number ≥ 0")
AMOUNT = ("TRY_CAST(v AS DOUBLE) IS NULL OR TRY_CAST(v AS DOUBLE) < 0 OR isnan(TRY_CAST(v AS DOUBLE))",
          "is not an amount ≥ 0")
DATE = ("TRY_CAST(v AS DATE) IS NULL", "is not a date (" + DATE_HELP + ")")
MONTH = ("NOT regexp_full_match(v, '\\d{4}-(0[1-9]|1[0-2])')", "is not a month (YYYY-MM or 2021年12月, month 1–12)")
YEAR = ("TRY_CAST(v AS INTEGER) IS NULL OR TRY_CAST(v AS INTEGER) NOT BETWEEN 2000 AND 2100",
        "is not a year between 2000 and 2100")
BOOL = ("lower(v) NOT IN ('true', 'false', '1', '0')", "is not true or false")
CODE = ("v NOT IN (SELECT code FROM regions)", "is not a region code (GB/T 2260, see data/regions.csv)")
NOT_COUNTY = ("v IN (SELECT code FROM regions WHERE level <> 'county')",
              "v || ' is ' || CASE (SELECT level FROM regions r WHERE r.code = v) "
              + " ".join(f"WHEN '{k}' THEN '{w}'" for k, w in LEVEL_NAMES.items())
              + " END || ' (' || (SELECT name FROM regions r WHERE r.code = v) || '), not a county'", True)
LON = ("TRY_CAST(v AS DOUBLE) IS NULL OR TRY_CAST(v AS DOUBLE) NOT BETWEEN 73 AND 136",
       "is not a longitude inside China (73–136)")
LAT = ("TRY_CAST(v AS DOUBLE) IS NULL OR TRY_CAST(v AS DOUBLE) NOT BETWEEN 3 AND 54",
       "is not a latitude inside China (3–54)")
STATION = ("v NOT IN (SELECT station_id FROM stations)", "is not a known station; import it in the stations table first")
AS_OF = ("NOT (regexp_full_match(v, '\\d{4}(-\\d{2}(-\\d{2})?)?') AND TRY_CAST(substr(v || '-01-01', 1, 10) AS DATE) "
         "IS NOT NULL AND substr(v, 1, 4)::INTEGER BETWEEN 1949 AND 2100)", "is not a date (2021, 2021-12 or 2021-12-08)")


def one_of(values: dict | tuple) -> tuple[str, str]:
    """The cell must be one of the codes; the message lists the Chinese names too."""
    if isinstance(values, dict):
        return f"v NOT IN {_in(values)}", "is not one of " + "、".join(values.values()) + " (" + ", ".join(values) + ")"
    return f"v NOT IN {_in(values)}", "is not one of " + ", ".join(values)


def _values(values: dict) -> dict:
    return {"kind": "values", "values": values}


TABLES: dict[str, tuple[Column, ...]] = {
    "stations": (
        _required("station_id", "VARCHAR", zh="站点编号", example="ZN-0001", about_zh="站点的唯一编号，自行编制，同一文件内不得重复",
                  about_en="unique text id of your choosing"),
        _required("name", "VARCHAR", zh="站点名称", example="中宁县宁安镇社会工作服务站", about_zh="站点全称",
                  about_en="station name"),
        _required("county_code", "VARCHAR", CODE, NOT_COUNTY, zh="县区代码", kind="code", example="640521",
                  about_zh="所在县级行政区的6位代码(GB/T 2260)，须是县级，不能是省或市",
                  about_en="county-level GB/T 2260 code (must be a county in regions.csv)"),
        _required("township", "VARCHAR", zh="乡镇街道", example="宁安镇", about_zh="所在乡镇或街道",
                  about_en="township / town / street (乡镇街道)"),
        _required("status", "VARCHAR", one_of(STATUS), zh="状态", **_values(STATUS), example="运营",
                  about_zh="筹建、试点、运营、暂停或关闭（填写时的状态）", about_en="status as of the file's date"),
        _optional("opened_on", "DATE", DATE, zh="建成日期", kind="date", example="2021年12月8日",
                  about_zh=DATE_HELP + "；筹建中可空", about_en="date the station opened (empty while planned)"),
        _required("social_workers", "INTEGER", WHOLE, zh="驻站社工人数", kind="int", unit="人", example="3",
                  about_zh="驻站社工人数，整数，不小于0", about_en="social workers posted to the station (驻站社工), "
                                                            "whole number ≥ 0"),
        _optional("operator", "VARCHAR", zh="运营机构", example="中宁县某社会工作服务中心",
                  about_zh="承接运营的社工机构，可空", about_en="the agency running it (运营机构)"),
        _optional("lon", "DOUBLE", LON, zh="经度", kind="float", unit="°", example="105.6852",
                  about_zh="高德(GCJ-02)经度，须在所在省内；可空",
                  about_en="longitude in GCJ-02 (AMap) coordinates, inside the county's province"),
        Column("lat", "DOUBLE", (Rule("v IS NOT NULL AND trim(v) <> '' AND (" + LAT[0] + ")", LAT[1]),
                                 Rule("(v IS NULL OR trim(v) = '') <> (lon IS NULL OR trim(lon) = '')",
                                      "lon and lat go together: give both or neither")),
               required=False, zh="纬度", kind="float", unit="°", example="37.4912",
               about_zh="高德(GCJ-02)纬度，须在所在省内；可空",
               about_en="latitude in GCJ-02 (AMap); convert GPS (WGS84) or Baidu (BD-09) points first"),
        _required("is_demo", "BOOLEAN", BOOL, kind="bool", about_zh="演示数据为 true", about_en="true for demo rows"),
    ),
    "funding": (
        _required("region_code", "VARCHAR", CODE, zh="地区代码", aliases=("地区",), kind="code", example="410000",
                  about_zh="县、市或省的6位代码", about_en="any GB/T 2260 code (county, prefecture or province)"),
        _required("year", "INTEGER", YEAR, zh="年度", kind="year", example="2021", about_zh="2000—2100",
                  about_en="2000–2100"),
        _required("program", "VARCHAR", zh="项目", example="乡镇(街道)社工站建设", about_zh="如 乡镇(街道)社工站建设、三区计划",
                  about_en="e.g. 乡镇(街道)社工站建设, 三区计划, 灾后社会工作服务项目"),
        _required("source", "VARCHAR", one_of(FUND_SOURCE), zh="资金来源", **_values(FUND_SOURCE), example="财政",
                  about_zh="财政、福彩公益金、社会资金或其他", about_en="source of the money"),
        _required("amount_cny", "DOUBLE", AMOUNT, zh="金额(元)", aliases=("金额", "金额元"), kind="amount", unit="元",
                  example="8946.66万", about_zh="元；可写 8946.66万、1.2亿、1,800,000；写“余/超过/约”会设定限定",
                  about_en="yuan, ≥ 0 (an import reads 万/亿; 余/超过/约 set the qualifier)"),
        _required("qualifier", "VARCHAR", one_of(WRITTEN_QUALIFIERS), zh="限定", aliases=("限定词",),
                  **_values(WRITTEN_QUALIFIERS), in_file=False, example="确数",
                  about_zh="确数、约数或下限（余/超过/多）；空 = 确数或按金额中的字样",
                  about_en="exact / approx / at_least (empty in an import: from the amount's wording, else exact)"),
        _required("is_demo", "BOOLEAN", BOOL, kind="bool", about_zh="演示数据为 true", about_en="true for demo rows"),
    ),
    "services": (
        _required("station_id", "VARCHAR", STATION, zh="站点编号", example="ZN-0001", about_zh="已导入的站点编号",
                  about_en="a station in stations"),
        _required("month", "VARCHAR", MONTH, zh="月份", kind="month", example="2021-12", about_zh="YYYY-MM 或 2021年12月",
                  about_en="YYYY-MM"),
        _required("category", "VARCHAR", one_of(CATEGORY), zh="服务对象类别", **_values(CATEGORY), example="老年人",
                  about_zh="服务对象类别", about_en="recipient category"),
        _required("service_type", "VARCHAR", one_of(SERVICE_TYPE), zh="服务类型", **_values(SERVICE_TYPE),
                  example="探访", about_zh="服务类型", about_en="service type"),
        _required("people_served", "INTEGER", WHOLE, zh="服务人数", kind="int", unit="人次", example="40",
                  about_zh="人次，整数，不小于0", about_en="person-times (人次) served, ≥ 0"),
        _required("sessions", "INTEGER", WHOLE, zh="服务次数", kind="int", unit="次", example="12",
                  about_zh="次数，整数，不小于0", about_en="sessions held, ≥ 0"),
        _required("is_demo", "BOOLEAN", BOOL, kind="bool", about_zh="演示数据为 true", about_en="true for demo rows"),
    ),
}
_NONEMPTY = "v IS NOT NULL AND trim(v) <> '' AND "
# Published figures as an import adds them (data/figures.csv itself is checked by shegong.ingest.validate): the
# source is given by id or by title, publisher, date and link, which become a row of `sources`.
FIGURES: tuple[Column, ...] = (
    _required("region_code", "VARCHAR", (CODE[0], "is not a region code or name (see data/regions.csv)"),
              zh="地区代码", aliases=("地区",), kind="region", example="410000",
              about_zh="6位代码或地区名(全国、河南省、廊坊市…)", about_en="code or name of the region"),
    _required("indicator", "VARCHAR", ("v NOT IN (SELECT indicator FROM indicators)",
                                       "is not an indicator (see data/indicators.csv)"),
              zh="指标", kind="indicator", example="stations_built", about_zh="指标编号或中文名(见 indicators.csv)",
              about_en="indicator id or Chinese label"),
    _required("value", "DOUBLE", (AMOUNT[0], "is not a number ≥ 0"), zh="数值", kind="amount",
              example="515", about_zh="基本单位(元、人、个、%)；可写 2.1万余", about_en="value in base units; 万/亿 allowed"),
    Column("qualifier", "VARCHAR", (Rule(*one_of(WRITTEN_QUALIFIERS)),), required=False, zh="限定", aliases=("限定词",),
           **_values(WRITTEN_QUALIFIERS), example="确数", about_zh="确数、约数或下限（余/超过/多）",
           about_en="exact, approx or at_least"),
    _required("as_of", "VARCHAR", AS_OF, zh="截至日期", aliases=("截至", "日期"), kind="asof",
              example="2021-12", about_zh="数字所指的时间：2021、2021-12 或 2021-12-08", about_en="date the figure is of"),
    _optional("scope", "VARCHAR", one_of(SCOPE_WORD), zh="口径", **_values(SCOPE_WORD), example="累计",
              about_zh="累计、当年、时点存量或试点(空 = 未说明)",
              about_en="cumulative, annual, stock (at a date) or pilot; empty = not stated"),
    Column("source_id", "VARCHAR", (
        Rule("(v IS NULL OR trim(v) = '') AND (source_title IS NULL OR trim(source_title) = '')",
             "the figure has no source: give 来源编号 (source_id) of a known source, or 来源标题 (source_title) with "
             "its publisher, date and link"),
        Rule(_NONEMPTY + "v NOT IN (SELECT source_id FROM sources UNION ALL SELECT source_id FROM new_sources)",
             "is not a known source id (see the sources page)")),
        required=False, zh="来源编号", about_zh="已有来源的编号(如 S001)；或填写下面的来源标题", about_en="id of a known source"),
    _optional("source_title", "VARCHAR", zh="来源标题", aliases=("来源",), example="河南省民政厅召开工作部署会",
              about_zh="新来源的标题(无来源编号时必填)", about_en="title of a new source"),
    _optional("source_publisher", "VARCHAR", zh="发布机构", example="河南省民政厅", about_zh="发布机构", about_en="publisher"),
    _optional("source_published", "VARCHAR", ("TRY_CAST(substr(v || '-01-01', 1, 10) AS DATE) IS NULL",
                                              "is not a date (2021, 2021-12 or 2021-12-08)"),
              zh="发布日期", kind="asof", example="2021-12-08", about_zh="发布日期", about_en="date published"),
    _optional("source_url", "VARCHAR", ("NOT regexp_full_match(v, 'https?://\\S+')", "is not an http(s) link"),
              zh="链接", aliases=("网址",), kind="url", example="https://example.org/news/1", about_zh="http(s) 链接",
              about_en="http(s) URL"),
    _optional("note_zh", "VARCHAR", zh="公开说明", about_zh="公开的中文说明：这个数字统计的是什么（一句话）",
              about_en="public note in Chinese: what the number counts"),
    _optional("note_en", "VARCHAR", zh="公开说明（英文）", about_zh="同上，英文", about_en="the same public note in English"),
    # an older file's 备注/note (and the extractor's quote) is a research note: internal, never shown
    _optional("research_note", "VARCHAR", zh="内部备注", aliases=("note", "备注"), about_zh="原文摘录或核查说明（不公开）",
              about_en="quote or research remark (internal, never shown)"),
)


def imported(table: str) -> tuple[Column, ...]:
    """The columns of an import file for `table` (is_demo is not among them: imported rows are real)."""
    if table == "figures":
        return FIGURES
    return tuple(c for c in TABLES[table] if c.name != "is_demo")


def markdown(table: str) -> str:
    """The table of `table`'s columns for data/README.md."""
    lines = ["| column | 表头 | type | meaning | values |", "|---|---|---|---|---|"]
    for c in TABLES[table]:
        typ = c.type.lower() + (f" ({c.unit})" if c.unit else "") + ("" if c.required else ", optional")
        values = " / ".join(f"{k} {v}" for k, v in (c.values or {}).items())
        lines.append(f"| {c.name} | {c.zh} | {typ} | {c.about_en} | {values} |")
    return "\n".join(lines)


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Empty record tables, so that every query runs even before any register is loaded."""
    for table, columns in TABLES.items():
        cols = ", ".join(f"{c.name} {c.type}" for c in columns)
        con.execute(f"CREATE TABLE {table} ({cols})")


def find_file(folder: Path, table: str) -> Path | None:
    for ext in (".parquet", ".csv"):
        if (folder / f"{table}{ext}").is_file():
            return folder / f"{table}{ext}"
    return None


def _read(con, path: Path, table: str, problems: list[str]) -> bool:
    """Copy a file into raw_<table> with every column as text, in file order (rowid = order)."""
    names = [c.name for c in TABLES[table]]
    if path.suffix == ".parquet":
        source = f"read_parquet('{_quote(path)}')"
    else:
        source = f"read_csv('{_quote(path)}', all_varchar = true, header = true)"
    try:
        have = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
    except duckdb.Error as e:
        problems.append(f"{path.name}:1:-: cannot be read: {str(e).splitlines()[0]}")
        return False
    missing = [n for n in names if n not in have]
    extra = [n for n in have if n not in names]
    problems += [f"{path.name}:1:{n}: missing column" for n in missing]
    problems += [f"{path.name}:1:{n}: unexpected column (allowed: {', '.join(names)})" for n in extra]
    if missing or extra:
        return False
    select = ", ".join(f"CAST({n} AS VARCHAR) AS {n}" for n in names)
    con.execute(f"CREATE TEMP TABLE raw_{table} AS SELECT {select} FROM {source}")
    return True


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")


def scan(con, relation: str, rules: list[tuple[str, Rule]], row: str) -> tuple[int, list[tuple[int, str, str]]]:
    """Every (column, rule) over `relation` in one scan; then the first MAX_PROBLEMS bad cells of each failing rule as
    (row, column, message). Returns (how many problems in all, those listed)."""
    if not rules:
        return 0, []
    counts = con.execute("SELECT " + ", ".join(f"count_if({PLACEHOLDER.sub(col, r.cond)})" for col, r in rules)
                         + f" FROM {relation}").fetchone()
    total, found = 0, []
    for (col, r), count in zip(rules, counts):
        if not count:
            continue
        total += count
        shown = PLACEHOLDER.sub(col, r.msg) if r.sql else "NULL"
        for at, value, text in con.execute(
                f"SELECT {row}, {col}, {shown} FROM {relation} WHERE {PLACEHOLDER.sub(col, r.cond)} "
                f"ORDER BY 1 LIMIT {MAX_PROBLEMS}").fetchall():
            if r.sql:
                found.append((at, col, text))
            else:
                found.append((at, col, f"{value!r} {r.msg}" if value is not None and value.strip() else r.msg))
    return total, found


def _check(con, path: Path, table: str, problems: list[str]) -> int:
    """Run every rule; return how many problems there were in all (only the first few are listed)."""
    first_row = 2 if path.suffix == ".csv" else 1
    total, found = scan(con, f"raw_{table}", [(c.name, r) for c in TABLES[table] for r in c.rules],
                        f"rowid + {first_row}")
    problems += [f"{path.name}:{row}:{col}: {msg}" for row, col, msg in found]
    if table == "stations":
        dup = con.execute(f"SELECT min(rowid) + {first_row}, max(rowid) + {first_row}, station_id FROM raw_{table} "
                          f"GROUP BY station_id HAVING count(*) > 1 ORDER BY 1").fetchall()
        total += len(dup)
        problems += [f"{path.name}:{last}:station_id: {sid!r} is used twice (also on row {first})"
                     for first, last, sid in dup[:MAX_PROBLEMS]]
    return total


def load(con: duckdb.DuckDBPyConnection, folder: Path | None) -> list[str]:
    """Check and load stations, funding and services from `folder` (CSV or Parquet) into the record tables.

    Returns the problems (empty when all is well); on problems the tables are left as they were.
    """
    create_tables(con)
    if folder is None:
        return []
    problems: list[str] = []
    total = 0
    for table in TABLES:  # stations first: services refer to them
        path = find_file(Path(folder), table)
        if path is None:
            continue
        if not _read(con, path, table, problems):
            continue
        total += _check(con, path, table, problems)
        if not problems:
            casts = ", ".join(f"CAST({c.name} AS {c.type})" if c.type != "BOOLEAN" else
                              f"lower({c.name}) IN ('true', '1')" for c in TABLES[table])
            con.execute(f"INSERT INTO {table} SELECT {casts} FROM raw_{table}")
        con.execute(f"DROP TABLE raw_{table}")
    if total > len(problems):
        problems = problems[:MAX_PROBLEMS] + [f"… and {total - MAX_PROBLEMS} more problems"]
    return problems[: MAX_PROBLEMS + 1]


README_BLOCK = re.compile(r"(<!-- columns:(\w+) [^\n]*-->\n)(.*?)(\n<!-- /columns:\2 -->)", re.S)


def readme(text: str) -> str:
    """data/README.md with each generated table (between `<!-- columns:TABLE ... -->` markers) made again."""
    return README_BLOCK.sub(lambda m: m[1] + markdown(m[2]) + m[4], text)


if __name__ == "__main__":  # `python -m shegong.ingest.columns`: write data/README.md's tables from this declaration
    from shegong.config import DATA_DIR

    path = DATA_DIR / "README.md"
    path.write_text(readme(path.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"{path}: column tables written")
