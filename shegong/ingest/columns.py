"""The record tables (station registers, funding, monthly service records) checked and loaded as declared once in
shegong/schema.py (which also declares the published-data files of data/).

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
from pathlib import Path

import duckdb

from shegong.schema import (  # noqa: F401  (declared)
    FIGURES,
    MAX_PROBLEMS,
    PLACEHOLDER,
    TABLES,
    Column,
    Rule,
    _in,
    imported,
    markdown,
    published_markdown,
)


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


README_BLOCK = re.compile(r"(<!-- (columns|published):(\w+) [^\n]*-->\n)(.*?)(\n<!-- /\2:\3 -->)", re.S)


def readme(text: str) -> str:
    """data/README.md with each generated table (between `<!-- columns:TABLE ... -->` or `<!-- published:FILE ... -->`
    markers) made again from shegong/schema.py."""
    return README_BLOCK.sub(lambda m: m[1] + (markdown if m[2] == "columns" else published_markdown)(m[3]) + m[5],
                            text)


if __name__ == "__main__":  # `python -m shegong.ingest.columns`: write data/README.md's tables from this declaration
    from shegong.config import DATA_DIR

    path = DATA_DIR / "README.md"
    path.write_text(readme(path.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"{path}: column tables written")
