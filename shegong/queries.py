"""Run the named SQL queries in queries/ against the warehouse.

Each queries/NAME.sql declares its parameters in its header, one per line, with the default used when a
caller leaves it out and when the build checks the query:

    -- @param province $province

A default written `$provinces` is the compared provinces (SHEGONG_PROVINCES, comma-separated), `$province` the
first of them, `$nation_provinces` the nation and them: no query names a province.
Values are always bound ($province), never formatted into SQL. One read-only connection per warehouse file
is shared, with a cursor per query (a DuckDB connection is not thread-safe). Results are cached with a bound,
keyed on the warehouse's identity, so a rebuilt warehouse (a new file renamed over the old) is used at once.
"""
from __future__ import annotations

import functools
import re
import threading
from pathlib import Path

import duckdb
import pandas as pd

from shegong import config, i18n, vocab
from shegong.config import QUERIES_DIR

PARAM_RE = re.compile(r"^--[ \t]*@param[ \t]+(\w+)[ \t]*(.*?)[ \t]*$", re.M)


class WarehouseMissing(Exception):
    """The warehouse file is not there (or cannot be opened): run `python -m shegong build`."""


def warehouse_path() -> Path:
    return config.warehouse()


@functools.cache
def _load(name: str) -> tuple[str, dict[str, str]]:
    path = QUERIES_DIR / f"{name}.sql"
    if not re.fullmatch(r"[a-z0-9_]+", name) or not path.is_file():
        raise KeyError(f"no query named {name!r} in {QUERIES_DIR}")
    sql = path.read_text(encoding="utf-8")
    return sql, dict(PARAM_RE.findall(sql))


def names() -> list[str]:
    return sorted(p.stem for p in QUERIES_DIR.glob("*.sql"))


def _placeholders() -> dict[str, str]:
    compared = vocab.provinces()
    return {"$provinces": ",".join(compared), "$province": compared[0],
            "$nation_provinces": ",".join((vocab.NATION, *compared))}


def params_of(name: str) -> dict[str, str]:
    """The declared parameters of a query with their defaults (the province placeholders filled from the setting)."""
    fill = _placeholders()
    return {k: fill.get(v, v) for k, v in _load(name)[1].items()}


def _bind(name: str, params: dict) -> dict:
    declared = params_of(name)
    unknown = set(params) - set(declared)
    if unknown:
        raise TypeError(f"query {name!r} has no parameter {', '.join(sorted(unknown))}")
    return {**declared, **params}


_lock = threading.Lock()
_connection: dict = {}


def _connect(path: Path, identity: tuple) -> duckdb.DuckDBPyConnection:
    with _lock:
        if _connection.get("identity") != identity:
            # A fresh in-memory instance that attaches the file: duckdb.connect(path) would hand back its
            # cached instance of the same path, still reading the replaced file.
            try:
                con = duckdb.connect(":memory:")
                con.execute(f"ATTACH '{str(path).replace(chr(39), chr(39) * 2)}' AS warehouse (READ_ONLY)")
            except duckdb.Error as e:
                raise WarehouseMissing(f"cannot open the warehouse {path}: {e}") from e
            _connection.update(identity=identity, con=con)
        return _connection["con"]


def _identity(path: Path) -> tuple:
    try:
        st = path.stat()
    except FileNotFoundError:
        raise WarehouseMissing(f"no warehouse at {path}: run `python -m shegong build`") from None
    return (str(path), st.st_ino, st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=512)
def _cached(name: str, frozen: tuple, identity: tuple) -> pd.DataFrame:
    return _execute(name, frozen, identity)


def _execute(name: str, frozen: tuple, identity: tuple) -> pd.DataFrame:
    con = _connect(Path(identity[0]), identity)
    cur = con.cursor()
    try:
        cur.execute("USE warehouse")
        return cur.execute(_load(name)[0], dict(frozen)).df()
    finally:
        cur.close()


def run(name: str, **params) -> pd.DataFrame:
    """Run queries/NAME.sql with bound parameters; returns a fresh DataFrame the caller may change."""
    path = warehouse_path()
    frozen = tuple(sorted(_bind(name, params).items()))
    return _localised(_cached(name, frozen, _identity(path)).copy())


# A query selects a text's Chinese column and its English twin; English pages read the twin where there is one, so
# that a source's Chinese title never stands on an English page nor an English one on a Chinese page.
ENGLISH_TWINS = {"source_title": "source_title_en", "publisher": "publisher_en", "note": "note_en",
                 "title": "title_en"}


def _localised(df: pd.DataFrame) -> pd.DataFrame:
    if not i18n.en():
        return df
    for zh, en in ENGLISH_TWINS.items():
        if zh in df and en in df:
            df[zh] = df[en].where(df[en].notna() & (df[en] != ""), df[zh])
    return df


def ready() -> str | None:
    """None when the warehouse can be read, else what is wrong, in a sentence for the page (no stack trace)."""
    try:
        _cached("region_names", tuple(sorted(params_of("region_names").items())), _identity(warehouse_path()))
    except (WarehouseMissing, duckdb.Error) as e:
        return str(e).splitlines()[0]
    return None


def execute(name: str, **params) -> pd.DataFrame:
    """Like run() but past the result cache: what a query costs (benchmarks)."""
    path = warehouse_path()
    return _execute(name, tuple(sorted(_bind(name, params).items())), _identity(path))


def check_all(path: Path) -> list[str]:
    """Run every named query with its defaults against the warehouse at `path`; list the failures."""
    problems = []
    with duckdb.connect(str(path), read_only=True) as con:
        for name in names():
            sql, declared = _load(name)[0], params_of(name)
            try:
                con.execute(sql, declared).fetchall()
            except duckdb.Error as e:
                first = str(e).strip().splitlines()[0]
                problems.append(f"queries/{name}.sql:1:-: {first}")
    return problems


def identity() -> tuple:
    """The current warehouse file's identity (path, inode, mtime, size): a cache key that changes on a rebuild."""
    return _identity(warehouse_path())
