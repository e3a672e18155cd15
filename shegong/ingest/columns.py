"""Station registers, funding and monthly service records: their columns, their checks and their load.

These tables can hold tens of millions of rows (the national demo has 20 million service rows), so the checks
run inside DuckDB, one scan per rule, and report at most MAX_PROBLEMS lines `file:row:column: problem`
(row = line in a CSV file, header = 1; row number in a Parquet file).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from shegong.vocab import CATEGORY, FUND_SOURCE, QUALIFIERS, SERVICE_TYPE, STATUS

MAX_PROBLEMS = 50
PLACEHOLDER = re.compile(r"\bv\b")  # the cell in a rule's SQL condition



def _in(values) -> str:
    return "(" + ", ".join("'" + v + "'" for v in values) + ")"


@dataclass(frozen=True)
class Column:
    """One column: its SQL type in the warehouse and the rules its text must pass.

    Each rule is (SQL condition that is TRUE for a bad value `v`, message). `v` is the cell as VARCHAR.
    """

    name: str
    type: str
    rules: tuple[tuple[str, str], ...]
    required: bool = True


def _required(name, type_, *rules):
    return Column(name, type_, (("v IS NULL OR trim(v) = ''", "is empty"),) + rules)


def _optional(name, type_, *rules):
    return Column(name, type_, tuple((f"v IS NOT NULL AND trim(v) <> '' AND ({cond})", msg) for cond, msg in rules),
                  required=False)


WHOLE = ("TRY_CAST(v AS BIGINT) IS NULL OR TRY_CAST(v AS BIGINT) < 0", "is not a whole number ≥ 0")
AMOUNT = ("TRY_CAST(v AS DOUBLE) IS NULL OR TRY_CAST(v AS DOUBLE) < 0 OR isnan(TRY_CAST(v AS DOUBLE))",
          "is not an amount ≥ 0")
DATE = ("TRY_CAST(v AS DATE) IS NULL", "is not a date YYYY-MM-DD")
MONTH = ("NOT regexp_full_match(v, '\\d{4}-(0[1-9]|1[0-2])')", "is not a month YYYY-MM")
YEAR = ("TRY_CAST(v AS INTEGER) IS NULL OR TRY_CAST(v AS INTEGER) NOT BETWEEN 2000 AND 2100",
        "is not a year between 2000 and 2100")
BOOL = ("lower(v) NOT IN ('true', 'false', '1', '0')", "is not true or false")
COUNTY = ("v NOT IN (SELECT code FROM regions WHERE level = 'county')", "is not a county-level code in regions.csv")
REGION = ("v NOT IN (SELECT code FROM regions)", "is not a region code in regions.csv")
LON = ("TRY_CAST(v AS DOUBLE) IS NULL OR TRY_CAST(v AS DOUBLE) NOT BETWEEN 73 AND 136",
       "is not a longitude inside China (73–136)")
LAT = ("TRY_CAST(v AS DOUBLE) IS NULL OR TRY_CAST(v AS DOUBLE) NOT BETWEEN 3 AND 54",
       "is not a latitude inside China (3–54)")


def one_of(values: dict | tuple) -> tuple[str, str]:
    return f"v NOT IN {_in(values)}", "is not one of " + ", ".join(values)


TABLES: dict[str, tuple[Column, ...]] = {
    "stations": (
        _required("station_id", "VARCHAR"),
        _required("name", "VARCHAR"),
        _required("county_code", "VARCHAR", COUNTY),
        _required("township", "VARCHAR"),
        _required("status", "VARCHAR", one_of(STATUS)),
        _optional("opened_on", "DATE", DATE),
        _required("social_workers", "INTEGER", WHOLE),
        _optional("operator", "VARCHAR"),
        _optional("lon", "DOUBLE", LON),
        _optional("lat", "DOUBLE", LAT),
        _required("is_demo", "BOOLEAN", BOOL),
    ),
    "funding": (
        _required("region_code", "VARCHAR", REGION),
        _required("year", "INTEGER", YEAR),
        _required("program", "VARCHAR"),
        _required("source", "VARCHAR", one_of(FUND_SOURCE)),
        _required("amount_cny", "DOUBLE", AMOUNT),
        _required("qualifier", "VARCHAR", one_of(QUALIFIERS)),
        _required("is_demo", "BOOLEAN", BOOL),
    ),
    "services": (
        _required("station_id", "VARCHAR", ("v NOT IN (SELECT station_id FROM stations)",
                                            "is not a station in stations")),
        _required("month", "VARCHAR", MONTH),
        _required("category", "VARCHAR", one_of(CATEGORY)),
        _required("service_type", "VARCHAR", one_of(SERVICE_TYPE)),
        _required("people_served", "INTEGER", WHOLE),
        _required("sessions", "INTEGER", WHOLE),
        _required("is_demo", "BOOLEAN", BOOL),
    ),
}


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


def _check(con, path: Path, table: str, problems: list[str]) -> int:
    """Run every rule; return how many problems there were in all (only the first few are listed)."""
    total = 0
    first_row = 2 if path.suffix == ".csv" else 1
    for col in TABLES[table]:
        for cond, msg in col.rules:
            bad = f"FROM raw_{table} WHERE " + PLACEHOLDER.sub(col.name, cond)
            count = con.execute(f"SELECT count(*) {bad}").fetchone()[0]
            if not count:
                continue
            total += count
            rows = con.execute(f"SELECT rowid + {first_row}, {col.name} {bad} ORDER BY 1 LIMIT {MAX_PROBLEMS}")
            for row, value in rows.fetchall():
                shown = f"{value!r} " if value is not None and value.strip() else ""
                problems.append(f"{path.name}:{row}:{col.name}: {shown}{msg}")
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
