"""Read a file a clerk sends (CSV or XLSX) into a DuckDB staging file, streaming and with bounded memory.

What comes in may be hostile or just odd, so everything is checked before it is read:
- CSV: the encoding is decided over the whole file, in chunks: UTF-8 (with or without BOM) is read as it is;
  GBK/GB18030 and UTF-16 (BOM or not) are transcoded to UTF-8 chunk by chunk; a file mixing UTF-8 and GBK lines, or a
  NUL byte anywhere, is refused naming the line. DuckDB's reader then parses it (all text, strict quoting), so 20
  million rows take seconds and little memory; an unclosed quote or a row wider than the header is named by line.
- XLSX: read in a child process limited in address space and time (SHEGONG_XLSX_MEMORY_MB, SHEGONG_XLSX_SECONDS),
  so a workbook that makes the reader abort (SIGABRT from Rust, which no `except` catches) is one refused file, never
  a dead server. Before calamine reads a sheet the child checks, by a real XML parse (expat, no DTD) rather than by
  pattern, where every cell is (the <dimension>, each row and cell reference, any quoting, case or spacing), the
  length of every cell and shared string, and the merged ranges (no overlaps, bounded cells in all), besides the zip's
  member sizes; hidden sheets are skipped and merged cells filled from their first cell (both said); values under an
  empty header cell are refused naming the column letter.
- Every cell, CSV or XLSX, holds at most 32,767 characters (Excel's own limit).
Row numbers are those a clerk sees: the CSV line or Excel row (header = 1).
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import io
import os
import re
import shutil
import tempfile
import unicodedata
import weakref
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import duckdb
import pyarrow as pa

from shegong.ingest.columns import MAX_PROBLEMS, imported
from shegong.schema import DataError

CHUNK = 8 << 20
MEMORY_LIMIT = "512MB"  # DuckDB spills to disk beyond this (the staging file, the warehouse copy's temp folder)
MAX_SHEET_BYTES = 400 << 20  # a sheet's XML, uncompressed (a full 1,048,576-row register of 6 columns is ~250 MB)
MAX_ZIP_BYTES = 800 << 20  # the whole workbook, uncompressed
MAX_CELLS = 12_000_000  # rows × columns of the area a sheet spans (calamine allocates all of it)
MAX_CELL_CHARS = 32_767  # Excel's own limit for the text of one cell (CSV cells too)
MAX_SHARED_BYTES = 200 << 20  # the workbook's shared strings, uncompressed
MAX_MERGED_RANGES = 10_000
MAX_MERGED_CELLS = 1_000_000  # cells filled from merged ranges, all ranges together
# the XLSX reader's child process: address space (RLIMIT_AS) and CPU/wall time; an operator may change them
XLSX_MEMORY = int(os.environ.get("SHEGONG_XLSX_MEMORY_MB", "3072")) << 20
XLSX_SECONDS = int(os.environ.get("SHEGONG_XLSX_SECONDS", "300"))
TABLE_ZH = {"stations": "站点", "funding": "资金", "services": "服务记录", "figures": "公开数字"}
IGNORED_HEADERS = {"序号"}  # row numbers in Chinese spreadsheets carry no data
DEMO_HEADERS = {"is_demo", "是否演示"}


ImportProblems = DataError  # the one error type of bad input (shegong/schema.py), under the name the import uses


def capped(problems: list[str], total: int | None = None) -> list[str]:
    """At most MAX_PROBLEMS lines, then how many more there were."""
    total = len(problems) if total is None else total
    out = problems[:MAX_PROBLEMS]
    if total > len(out):
        out.append(f"… and {total - len(out)} more problems")
    return out


@dataclass
class Staged:
    """A file read into a staging DuckDB file: view `staged` has `_row` and every import column as trimmed text."""

    name: str
    table: str
    folder: Path
    rows: int = 0
    encoding: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def db(self) -> Path:
        return self.folder / "stage.duckdb"

    def __len__(self) -> int:
        return self.rows

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


STAGING_PREFIX = "shegong-import-"
OWNER = "owner.pid"


def _new_staged(name: str, table: str) -> Staged:
    """A staging folder that names its process: the next reader removes the folders of processes that are gone (an
    import killed with kill -9 or by the machine's memory killer leaves its staging file behind)."""
    sweep_staging()
    staged = Staged(name, table, Path(tempfile.mkdtemp(prefix=STAGING_PREFIX)))
    (staged.folder / OWNER).write_text(str(os.getpid()), encoding="ascii")
    weakref.finalize(staged, shutil.rmtree, str(staged.folder), True)
    return staged


def sweep_staging(root: Path | None = None) -> list[Path]:
    """Remove staging folders whose process no longer runs (or that name none and are over a day old)."""
    import time

    removed = []
    for folder in Path(root or tempfile.gettempdir()).glob(STAGING_PREFIX + "*"):
        try:
            pid = int((folder / OWNER).read_text(encoding="ascii"))
        except (OSError, ValueError):
            pid = None
        try:
            if pid is not None:
                os.kill(pid, 0)
                continue  # its process is alive: still in use
            if time.time() - folder.stat().st_mtime < 86400:
                continue
        except ProcessLookupError:
            pass
        except OSError:  # another user's process (PermissionError), or the folder went meanwhile
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def _connect(staged: Staged) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(staged.db))
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    con.execute(f"SET temp_directory = '{_q(staged.folder / 'spill')}'")
    return con


def _q(path) -> str:
    return str(path).replace("'", "''")


def header_key(h: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", h)).lower()


def letter(i: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column letter a spreadsheet shows."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


# ---------------------------------------------------------------------------------------------------- entry

def read(name: str, source: Path | bytes, table: str, kept: bool = False) -> Staged:
    """Read a CSV or XLSX file (a path, or bytes from an upload) into a Staged; raise ImportProblems if it cannot be
    read as it is meant. `kept`: a file of kept imports (values made inert with a leading ' are restored)."""
    staged = _new_staged(name, table)
    try:
        if isinstance(source, (bytes, bytearray)):
            path = staged.folder / "upload"
            path.write_bytes(source)
        else:
            path = Path(source)
        with open(path, "rb") as f:
            head = f.read(65536)
            size = f.seek(0, 2)
        if not head.strip() or (size > len(head) and not _has_text(path)):
            required = ", ".join(c.zh for c in imported(table) if c.needed)
            raise ImportProblems([f"{name}:1:-: the file is empty; expected a header row with the columns {required}"])
        if head[:4] == b"PK\x03\x04":
            _read_xlsx(staged, path)
        elif head[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise ImportProblems([f"{name}:1:-: is an old Excel .xls workbook; save it as .xlsx or CSV and try again"])
        else:
            _read_csv(staged, path, head, kept)
        return staged
    except BaseException:
        staged.close()
        raise


def from_frame(name: str, table: str, df) -> Staged:
    """Rows given as a frame of text (the admin page's ticked bulletin figures); row = position in the table."""
    staged = _new_staged(name, table)
    try:
        text = df.astype(object).where(df.notna(), "").astype(str)
        integer = str(text.index.dtype).startswith(("int", "uint"))
        lines = [int(i) + 1 for i in text.index] if integer else range(1, len(text) + 1)
        rows = list(zip(lines, text.values.tolist()))
        _stage_rows(staged, list(text.columns), iter(rows), "table")
        return staged
    except BaseException:
        staged.close()
        raise


def _has_text(path: Path) -> bool:
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            if chunk.strip():
                return True
    return False


# ------------------------------------------------------------------------------------------------ encodings

def _line_at(path: Path, offset: int) -> int:
    """Line number (1-based) of byte `offset`."""
    line, done = 1, 0
    with open(path, "rb") as f:
        while done < offset and (chunk := f.read(min(CHUNK, offset - done))):
            line += chunk.count(b"\n")
            done += len(chunk)
    return line


def _utf16(head: bytes) -> str | None:
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    sample = head[:4096]
    if len(sample) >= 4:  # no BOM: ASCII text in UTF-16 has a NUL in every other byte
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        half = len(sample) // 2
        if odd > 0.3 * half and even < 0.05 * half:
            return "utf-16-le"
        if even > 0.3 * half and odd < 0.05 * half:
            return "utf-16-be"
    return None


def _transcode(path: Path, out: Path, encoding: str, name: str) -> None:
    """Decode `path` chunk by chunk and write it as UTF-8; a byte that cannot be decoded is named by line."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    line, done = 1, 0
    with open(path, "rb") as f, open(out, "w", encoding="utf-8", newline="") as w:
        while True:
            chunk = f.read(CHUNK)
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as e:
                prefix = decoder.decode(chunk[: e.start]) if encoding.startswith("gb") else ""
                at = line + prefix.count("\n") if prefix else _line_at(path, done + e.start)
                raise ImportProblems([f"{name}:{at}:-: is neither UTF-8 nor GBK text (byte {done + e.start}); "
                                      f"save it as CSV UTF-8 or as .xlsx"]) from None
            if "\x00" in text:
                at = line + text[: text.index("\x00")].count("\n")
                raise ImportProblems([f"{name}:{at}:-: has a NUL byte (a binary file, or a damaged one); "
                                      f"save it again as CSV UTF-8"])
            line += text.count("\n")
            w.write(text)
            done += len(chunk)
            if not chunk:
                return




def _mixed(path: Path, name: str) -> None:
    """Refuse a file with some lines in UTF-8 and others in GBK: whichever way it is read, some text would be wrong."""
    utf8_line = gbk_line = None
    line = 1
    rest = b""
    with open(path, "rb") as f:
        while True:
            chunk = f.read(CHUNK)
            data = rest + chunk
            parts = data.split(b"\n")
            rest = parts.pop() if chunk else b""
            for part in parts:
                if max(part, default=0) >= 0x80:
                    try:  # any script: GBK text of more than a character or two is almost never valid UTF-8
                        part.decode("utf-8")
                        utf8_line = utf8_line or line
                    except UnicodeDecodeError:
                        gbk_line = gbk_line or line
                    if utf8_line and gbk_line:
                        raise ImportProblems([
                            f"{name}:{max(utf8_line, gbk_line)}:-: the file mixes encodings: line {utf8_line} is UTF-8 "
                            f"but line {gbk_line} is not (GBK?); read either way, some text would be garbled. "
                            f"Save the whole file again as CSV UTF-8"])
                line += 1
            if not chunk:
                return


def _decode(staged: Staged, path: Path, head: bytes) -> tuple[Path, int]:
    """A UTF-8 version of the file (the file itself when it is UTF-8) and its number of newlines."""
    name = staged.name
    enc16 = _utf16(head)
    if enc16:
        out = staged.folder / "utf8.csv"
        _transcode(path, out, enc16, name)
        staged.encoding = "UTF-16"
        staged.notes.append(f"{name}: read as UTF-16 text")
        return out, _count_newlines(out)
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    newlines, done, utf8 = 0, 0, True
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            nul = chunk.find(b"\x00")
            if nul >= 0 and done == 0 and _binary(head):
                raise ImportProblems([f"{name}:1:-: is a binary file, not a CSV or XLSX table"])
            if nul >= 0:
                raise ImportProblems([f"{name}:{_line_at(path, done + nul)}:-: has a NUL byte (a binary file, or a "
                                      f"damaged one); save it again as CSV UTF-8"])
            newlines += chunk.count(b"\n")
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
            done += len(chunk)
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    if utf8:
        staged.encoding = "UTF-8 (BOM)" if head.startswith(codecs.BOM_UTF8) else "UTF-8"
        return path, newlines
    _mixed(path, name)
    out = staged.folder / "utf8.csv"
    _transcode(path, out, "gb18030", name)
    staged.encoding = "GBK/GB18030"
    return out, newlines


def _binary(head: bytes) -> bool:
    """Mostly control bytes (an image, a PDF, a zip that is not XLSX), not text with one stray NUL."""
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    return controls > 0.01 * len(head)


def _count_newlines(path: Path) -> int:
    n = 0
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            n += chunk.count(b"\n")
    return n


# -------------------------------------------------------------------------------------------------------- CSV

CSV_ERROR = re.compile(r"CSV Error on Line: (\d+)")


def _read_csv(staged: Staged, path: Path, head: bytes, kept: bool) -> None:
    name = staged.name
    utf8, newlines = _decode(staged, path, head)
    with open(utf8, encoding="utf-8-sig", newline="") as f:
        text = f.read(1 << 20)
    controls = sum(1 for c in text[:65536] if ord(c) < 32 and c not in "\t\r\n")
    if controls > 0.01 * min(len(text), 65536):
        raise ImportProblems([f"{name}:1:-: is a binary file, not a CSV or XLSX table"])
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header, header_line = None, 0
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                header, header_line = cells, reader.line_num
                break
    except csv.Error as e:
        if "field larger" in str(e):
            raise ImportProblems([f"{name}:{reader.line_num}:-: the header row has a cell longer than "
                                  f"{csv.field_size_limit():,} characters; this is not a table's header"]) from None
        raise ImportProblems([f"{name}:{reader.line_num}:-: cannot be read as CSV: {e}"]) from None
    if header is None:
        raise ImportProblems([f"{name}:1:-: the file is empty"])
    mapping = map_header(name, staged.table, header, letters=False)
    width = len(header)
    con = _connect(staged)
    try:
        columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
        restore = (lambda e: f"CASE WHEN starts_with({e}, '''') THEN substr({e}, 2) ELSE {e} END") if kept else None
        select = _select(mapping, width, restore)

        def load(parallel: bool) -> None:
            con.execute(f"""CREATE OR REPLACE TABLE cells AS SELECT {select} FROM read_csv('{_q(utf8)}',
                auto_detect = false, header = false, skip = {header_line}, columns = {columns},
                delim = '{delimiter}', quote = '"', escape = '"', null_padding = true, strict_mode = true,
                parallel = {str(parallel).lower()}, encoding = 'utf-8')""")

        try:
            try:
                load(True)
            except duckdb.Error as e:
                if "parallel" not in str(e):
                    raise
                load(False)  # a quoted cell spans lines: the parallel reader cannot pad short rows then
        except duckdb.Error as e:
            raise ImportProblems([_csv_error(name, str(e), width)]) from None
        rows = con.execute("SELECT count(*) FROM cells").fetchone()[0]
        lines = newlines + (0 if _ends_with_newline(utf8) else 1)
        if rows == lines - header_line:  # one line per row, no blank lines: row = line
            con.execute(f"CREATE VIEW staged AS SELECT rowid + {header_line + 1} AS _row, * FROM cells")
        else:  # blank lines or cells spanning lines: the line each row starts on, from Python's reader
            con.execute("CREATE TABLE lines (i BIGINT, line BIGINT)")
            _row_lines(con, utf8, delimiter, header_line)
            con.execute("CREATE VIEW staged AS SELECT l.line AS _row, c.* FROM cells c JOIN lines l ON l.i = c.rowid")
        staged.rows = rows
        _after(con, staged, mapping)
    finally:
        con.close()


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as f:
        if f.seek(0, 2) == 0:
            return True
        f.seek(-1, 2)
        return f.read(1) == b"\n"


def _row_lines(con, path: Path, delimiter: str, header_line: int) -> None:
    # DuckDB has read every line (at most 2 MB each): Python's reader must not stop at its 128 KB default per cell
    csv.field_size_limit(max(csv.field_size_limit(), 4 << 20))
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f, delimiter=delimiter)
        batch, i, start = [], 0, 1
        for cells in reader:
            line, start = start, reader.line_num + 1
            if line <= header_line or not cells:
                continue
            batch.append((i, line))
            i += 1
            if len(batch) >= 100_000:
                _insert_lines(con, batch)
                batch = []
        _insert_lines(con, batch)


def _insert_lines(con, batch) -> None:
    if batch:
        con.register("lines_batch", pa.table({"i": [b[0] for b in batch], "line": [b[1] for b in batch]}))
        con.execute("INSERT INTO lines SELECT * FROM lines_batch")
        con.unregister("lines_batch")


def _csv_error(name: str, message: str, width: int) -> str:
    m = CSV_ERROR.search(message)
    line = m[1] if m else "1"
    if "unterminated quote" in message:
        return (f"{name}:{line}:-: a quote (\") opens a cell here that is never closed; close it, or double a quote "
                f"that is part of the text (\"\")")
    if (m2 := re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", message)):
        return f"{name}:{line}:-: has {m2[2]} cells, the header has {m2[1]}"
    if "Maximum line size" in message:
        return f"{name}:{line}:-: a line longer than 2 MB: not a table a clerk could have saved"
    first = next((ln for ln in message.splitlines() if ln.strip() and "CSV Error" not in ln), message)
    return f"{name}:{line}:-: cannot be read as CSV: {first.strip()}"


# ------------------------------------------------------------------------------------------------ the header

@dataclass
class Mapping:
    """Where each import column is in the file (index or None), and the indexes to check: empty headers, is_demo."""

    columns: dict[str, int | None]
    empty: list[int]
    demo: int | None


def map_header(name: str, table: str, header: list, letters: bool) -> Mapping:
    """English or Chinese headers (and aliases) to column names; unknown, repeated and missing columns are problems."""
    cols = imported(table)
    known = {}
    for c in cols:
        for h in (c.name, c.zh, *c.aliases):
            if h:
                known.setdefault(header_key(h), c.name)
    problems, found, empty, demo = [], {}, [], None
    ignored = {header_key(x) for x in IGNORED_HEADERS}
    allowed = ", ".join(f"{c.zh} ({c.name})" for c in cols)
    for i, h in enumerate(header):
        h = "" if h is None else str(h)
        key = header_key(h)
        where = letter(i) if letters else str(i + 1)
        if not key:
            empty.append(i)
        elif key in ignored:
            continue
        elif key in DEMO_HEADERS:
            demo = i
        elif (col := known.get(key)) is None:
            problems.append(f"{name}:1:{h.strip()[:40]}: unknown column (column {where}); allowed: {allowed}")
        elif col in found:
            problems.append(f"{name}:1:{h.strip()[:40]}: the column {col} appears twice")
        else:
            found[col] = i
    for c in cols:
        if c.needed and c.name not in found:
            problems.append(f"{name}:1:{c.name}: missing column {c.zh} ({c.name})")
    if problems:
        raise ImportProblems(capped(problems))
    return Mapping({c.name: found.get(c.name) for c in cols}, empty, demo)


def _select(mapping: Mapping, width: int, restore=None) -> str:
    """The staging table's columns: each import column trimmed of spaces ('' when absent), plus the columns to check."""
    def cell(i):
        e = f"coalesce(c{i}, '')"
        return restore(e) if restore else e

    parts = [f"trim({cell(i)}) AS {col}" if i is not None else f"'' AS {col}" for col, i in mapping.columns.items()]
    parts += [f"coalesce(c{i}, '') AS _empty_{i}" for i in mapping.empty if i < width]
    if mapping.demo is not None:
        parts.append(f"trim(coalesce(c{mapping.demo}, '')) AS _demo")
    return ", ".join(parts)


def _after(con, staged: Staged, mapping: Mapping) -> None:
    """Refuse values under an empty header cell, cells longer than a cell can be, and demo rows (imported records are
    real)."""
    name, problems = staged.name, []
    named = [(col, i) for col, i in mapping.columns.items() if i is not None]
    if named:
        firsts = con.execute("SELECT " + ", ".join(f"min(CASE WHEN length({col}) > {MAX_CELL_CHARS} THEN _row END)"
                                                   for col, _ in named) + " FROM staged").fetchone()
        for (col, i), row in zip(named, firsts):
            if row is not None:
                n = con.execute(f"SELECT max(length({col})) FROM staged WHERE _row = ?", [row]).fetchone()[0]
                problems.append(f"{name}:{row}:{col}: a cell of {n:,} characters (column {i + 1}; a cell holds at "
                                f"most {MAX_CELL_CHARS:,}); shorten it")
    for i in mapping.empty:
        row = con.execute(f"SELECT min(_row) FROM staged WHERE trim(_empty_{i}) <> ''").fetchone()[0]
        if row is not None:
            problems.append(f"{name}:{row}:{letter(i)}: a value under an empty header cell (column {letter(i)}); "
                            f"give the column a header or delete its values")
    if mapping.demo is not None:
        bad = con.execute("SELECT _row, _demo FROM staged WHERE lower(_demo) NOT IN ('', 'false', '0', '否') "
                          f"ORDER BY 1 LIMIT {MAX_PROBLEMS}").fetchall()
        problems += [f"{name}:{row}:is_demo: {v!r}: imported records are real; demo data comes from "
                     f"`python -m shegong demo`" for row, v in bad]
    if problems:
        raise ImportProblems(capped(problems))


def _stage_rows(staged: Staged, header: list, rows, what: str) -> None:
    """Rows of text cells (row number, cells) from a worksheet or a frame into the staging file, in batches."""
    mapping = map_header(staged.name, staged.table, header, letters=what == "sheet")
    width = len(header)
    con = _connect(staged)
    try:
        select = _select(mapping, width)
        created = False
        n = 0
        while True:
            batch = [r for _, r in zip(range(50_000), rows)]
            if not batch and created:
                break
            data = {"_row": [b[0] for b in batch]}
            for i in range(width):
                data[f"c{i}"] = [b[1][i] if i < len(b[1]) else "" for b in batch]
            con.register("t", pa.table({k: pa.array(v, pa.int64() if k == "_row" else pa.string())
                                        for k, v in data.items()}))
            over = [(row, len(cells)) for row, cells in batch if len(cells) > width and any(
                str(c).strip() for c in cells[width:])]
            if over:
                raise ImportProblems([f"{staged.name}:{row}:{letter(width)}: a value beyond the last header "
                                      f"(column {letter(width)}); give the column a header or delete its values"
                                      for row, _ in over[:1]])
            sql = f"SELECT _row, {select} FROM t"
            con.execute(f"INSERT INTO cells {sql}" if created else f"CREATE TABLE cells AS {sql}")
            created = True
            n += len(batch)
            if not batch:
                break
        con.execute("CREATE VIEW staged AS SELECT * FROM cells")
        staged.rows = n
        _after(con, staged, mapping)
    finally:
        con.close()


# ------------------------------------------------------------------------------------------------------- XLSX

def cell_text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, dt.time):
        return v.isoformat()
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    return str(v)


NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
REF = re.compile(r"\s*\$?([A-Za-z]{1,3})\$?([0-9]{1,7})\s*")


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


@functools.lru_cache(maxsize=4096)
def _col_cached(letters: str) -> int:
    return _col_number(letters)


def _ref(text: str | None) -> tuple[int, int] | None:
    """'XFD1048576', ' xfd1048576 ', '$A$1' → (column, row), 1-based; None if it is not a cell address."""
    m = REF.fullmatch(text or "")
    return (_col_cached(m[1]), int(m[2])) if m else None


def _sheets(name: str, zf: zipfile.ZipFile) -> list[tuple[str, str, str]]:
    """(sheet name, state, XML member) for each sheet, in workbook order."""
    try:
        book = _etree(zf, "xl/workbook.xml")
        rels = _etree(zf, "xl/_rels/workbook.xml.rels")
    except (KeyError, ElementTree.ParseError, ValueError):
        raise ImportProblems([f"{name}:1:-: is not a readable .xlsx workbook (no workbook.xml)"]) from None
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = []
    for s in book.iter():
        if s.tag.endswith("}sheet") or s.tag == "sheet":
            target = targets.get(s.get(NS_REL), "")
            target = target.lstrip("/") if target.startswith("/") else "xl/" + target
            out.append((s.get("name", ""), s.get("state", "visible"), target))
    return out


def _etree(zf: zipfile.ZipFile, member: str):
    """A small XML member as a tree; a DTD (entity expansion) is refused, as defusedxml would."""
    if zf.getinfo(member).file_size > 16 << 20:
        raise ValueError(member)
    data = zf.read(member)
    if b"<!DOCTYPE" in data.upper():
        raise ValueError(member)
    return ElementTree.fromstring(data)


class _Refuse(Exception):
    """Raised inside an expat handler; carries the ImportProblems line out of the parser."""


class _Guard:
    """One streaming XML parse (expat, no DTD) of a sheet or of the shared strings, checking as it goes: where every
    cell is (the <dimension>, each <row r> and <c r>, any quoting, case or spacing), how long its text is, and the
    merged ranges. Nothing is built in memory beyond a counter per check."""

    def __init__(self, name: str, sheet: str, long_strings: dict[int, int] | None = None):
        self.name, self.sheet = name, sheet
        self.long_strings = long_strings or {}
        self.max_col = self.max_row = self.cells = 0
        self.row = 0
        self.col = 0
        self.text = 0  # characters of the current cell's value or string
        self.in_text = False
        self.cell_type = ""
        self.value = []
        self.merged: list[tuple[int, int, int, int]] = []
        self.strings = 0
        self.long: dict[int, int] = {}

    def parse(self, stream, start, end=None, chars=None) -> None:
        from xml.parsers import expat

        p = expat.ParserCreate()  # no namespace processing: tags are "c" or "x:c" (faster; the local name is kept)
        p.buffer_text = True

        def no_dtd(*_):
            raise _Refuse(f"{self.name}:1:-: sheet {self.sheet}: the workbook's XML declares a DTD (entities), "
                          f"which no spreadsheet program writes; save it again as .xlsx")
        p.StartDoctypeDeclHandler = no_dtd
        p.EntityDeclHandler = no_dtd
        p.StartElementHandler = start
        if end:
            p.EndElementHandler = end
        if chars:
            p.CharacterDataHandler = chars
        try:
            while chunk := stream.read(1 << 20):
                p.Parse(chunk, False)
            p.Parse(b"", True)
        except _Refuse as e:
            raise ImportProblems([str(e)]) from None
        except expat.ExpatError as e:
            raise ImportProblems([f"{self.name}:1:-: sheet {self.sheet}: the workbook's XML is damaged ({e}); save it "
                                  f"again as .xlsx"]) from None

    # ---- shared strings: each <si>'s length
    def si_start(self, tag, attrs):
        local = tag.rpartition(":")[2]
        if local == "si":
            self.text = 0
        elif local == "t":
            self.in_text = True

    def si_end(self, tag):
        local = tag.rpartition(":")[2]
        if local == "t":
            self.in_text = False
        elif local == "si":
            if self.text > MAX_CELL_CHARS and len(self.long) < 1000:
                self.long[self.strings] = self.text
            self.strings += 1

    def si_chars(self, data):
        if self.in_text:
            self.text += len(data)

    # ---- a sheet
    def start(self, tag, attrs):
        local = tag.rpartition(":")[2]
        if local == "c":
            ref = attrs.get("r")
            if ref is None:
                self.col += 1
            else:
                at = _ref(ref)
                if at is None:
                    raise _Refuse(f"{self.name}:{self.row or 1}:-: sheet {self.sheet} has a cell reference "
                                  f"{ref[:20]!r} that is not a cell address; save the workbook again from a "
                                  f"spreadsheet program")
                self.col, self.row = at
            self.cells += 1
            self.cell_type = attrs.get("t", "")
            self.text = 0
            if self.value:
                self.value = []
            if self.col > self.max_col or self.row > self.max_row or self.cells > MAX_CELLS:
                self._bound(self.col, self.row, ref)
        elif local == "row":
            ref = attrs.get("r")
            if ref is None:
                self.row += 1
            elif (ref.strip().isdigit() and len(ref.strip()) <= 7):
                self.row = int(ref)
            else:
                raise _Refuse(f"{self.name}:{self.row + 1}:-: sheet {self.sheet} has a row number {ref[:20]!r}; save "
                              f"the workbook again from a spreadsheet program")
            self.col = 0
            self._bound(1, self.row, None)
        elif local in ("v", "t"):
            self.in_text = True
        elif local == "dimension":
            ref = attrs.get("ref", "")
            corners = [_ref(x) for x in ref.split(":")] if ref.strip() else []
            if not corners or any(c is None for c in corners) or len(corners) > 2:
                raise _Refuse(f"{self.name}:1:-: sheet {self.sheet} declares its size as {ref[:30]!r}, which is not a "
                              f"range of cells; save the workbook again from a spreadsheet program")
            cols, rows = max(c[0] for c in corners), max(c[1] for c in corners)
            if cols * rows > MAX_CELLS:
                _far(self.name, self.sheet, f"{letter(cols - 1)}{rows}", cols, rows)
        elif local == "mergeCell":
            self._merge(attrs.get("ref", ""))

    def end(self, tag):
        local = tag.rpartition(":")[2]
        if local in ("v", "t"):
            self.in_text = False
        elif local == "c" and self.cell_type == "s" and self.long_strings:
            try:
                index = int("".join(self.value))
            except ValueError:
                return
            if index in self.long_strings:
                raise _Refuse(self._too_long(self.long_strings[index]))

    def chars(self, data):
        if self.in_text:
            self.text += len(data)
            if self.cell_type == "s" and len(self.value) < 8:
                self.value.append(data)
            if self.text > MAX_CELL_CHARS:
                raise _Refuse(self._too_long(None))

    def _too_long(self, n: int | None) -> str:
        size = f"{n:,} characters" if n else f"more than {MAX_CELL_CHARS:,} characters"
        return (f"{self.name}:{self.row}:{letter(self.col - 1)}: sheet {self.sheet}: the cell {letter(self.col - 1)}"
                f"{self.row} holds {size} (a cell holds at most {MAX_CELL_CHARS:,}); shorten it")

    def _bound(self, col: int, row: int, ref: str | None) -> None:
        if col > self.max_col or row > self.max_row:
            self.max_col, self.max_row = max(self.max_col, col), max(self.max_row, row)
            if self.max_col * self.max_row > MAX_CELLS:
                _far(self.name, self.sheet, f"{letter(col - 1)}{row}", self.max_col, self.max_row)
        if self.cells > MAX_CELLS:
            raise _Refuse(f"{self.name}:{row}:-: sheet {self.sheet} has more than {MAX_CELLS:,} cells: split it, or "
                          f"save it as CSV")

    def _merge(self, ref: str) -> None:
        corners = [_ref(x) for x in ref.split(":")]
        if len(corners) != 2 or None in corners:
            raise _Refuse(f"{self.name}:1:-: sheet {self.sheet} has a merged range {ref[:30]!r} that is not a range of "
                          f"cells; unmerge it, or save the workbook again")
        (c0, r0), (c1, r1) = corners
        c0, c1, r0, r1 = min(c0, c1), max(c0, c1), min(r0, r1), max(r0, r1)
        self.merged.append((r0, c0, r1, c1))
        if len(self.merged) > MAX_MERGED_RANGES:
            raise _Refuse(f"{self.name}:{r0}:{letter(c0 - 1)}: sheet {self.sheet} has more than "
                          f"{MAX_MERGED_RANGES:,} merged ranges; unmerge the cells (Excel: 取消单元格合并)")

    def check_merged(self) -> None:
        """Merged ranges fill at most MAX_MERGED_CELLS cells in all, and none overlaps another (Excel never writes
        overlapping ranges; filling them would be ambiguous and, repeated, unbounded work)."""
        total = 0
        for r0, c0, r1, c1 in self.merged:
            total += (r1 - r0 + 1) * (c1 - c0 + 1)
            if total > MAX_MERGED_CELLS:
                raise ImportProblems([
                    f"{self.name}:{r0}:{letter(c0 - 1)}: sheet {self.sheet}: merged ranges cover more than "
                    f"{MAX_MERGED_CELLS:,} cells in all (at {letter(c0 - 1)}{r0}:{letter(c1 - 1)}{r1}); unmerge the "
                    f"cells (Excel: 取消单元格合并)"])
        ranges = sorted(self.merged)
        for i, (r0, c0, r1, c1) in enumerate(ranges):
            for s0, d0, s1, d1 in ranges[i + 1:]:
                if s0 > r1:
                    break
                if d0 <= c1 and c0 <= d1:
                    a, b = f"{letter(c0 - 1)}{r0}:{letter(c1 - 1)}{r1}", f"{letter(d0 - 1)}{s0}:{letter(d1 - 1)}{s1}"
                    raise ImportProblems([
                        f"{self.name}:{s0}:{letter(d0 - 1)}: sheet {self.sheet}: the merged ranges {a} and {b} "
                        f"overlap, which no spreadsheet program writes; unmerge them and save again"])


def _far(name: str, sheet: str, ref: str, cols: int, rows: int) -> None:
    raise _Refuse(f"{name}:{rows}:{re.sub(r'[0-9]', '', ref)}: sheet {sheet} has a cell at {ref}, far outside any "
                  f"table ({cols:,} columns × {rows:,} rows = {cols * rows:,} cells; at most {MAX_CELLS:,}); delete "
                  f"the stray cell, or copy the table to a new sheet")


def _guard(name: str, zf: zipfile.ZipFile, sheet: str, member: str) -> _Guard:
    """Refuse, before calamine reads anything, a sheet that spans more than MAX_CELLS, a cell longer than a cell can
    be, shared strings beyond their limits and merged ranges that overlap or fill too much."""
    try:
        info = zf.getinfo(member)
    except KeyError:
        raise ImportProblems([f"{name}:1:-: sheet {sheet} is missing from the workbook"]) from None
    if info.file_size > MAX_SHEET_BYTES:
        raise ImportProblems([f"{name}:1:-: sheet {sheet} expands to {info.file_size / 2**20:,.0f} MB of XML (at most "
                              f"{MAX_SHEET_BYTES >> 20} MB): split it, or save it as CSV"])
    long_strings: dict[int, int] = {}
    for si in zf.infolist():
        if si.filename.lower().rsplit("/", 1)[-1].startswith("sharedstrings"):
            if si.file_size > MAX_SHARED_BYTES:
                raise ImportProblems([f"{name}:1:-: the workbook's shared text (sharedStrings.xml) expands to "
                                      f"{si.file_size / 2**20:,.0f} MB (at most {MAX_SHARED_BYTES >> 20} MB): "
                                      f"a cell holds far more text than a table needs; save the sheet as CSV"])
            g = _Guard(name, sheet)
            with zf.open(si) as f:
                g.parse(f, g.si_start, g.si_end, g.si_chars)
            long_strings.update(g.long)
    g = _Guard(name, sheet, long_strings)
    with zf.open(member) as f:
        g.parse(f, g.start, g.end, g.chars)
    if long_strings:  # a long string no cell uses is refused all the same (calamine would read it)
        index, n = next(iter(long_strings.items()))
        raise ImportProblems([f"{name}:1:-: the workbook's shared text #{index} is {n:,} characters long (a cell "
                              f"holds at most {MAX_CELL_CHARS:,}); shorten it"])
    g.check_merged()
    return g


def _read_xlsx(staged: Staged, path: Path) -> None:
    """Read the workbook in a child process with an address-space and time limit: a workbook that makes the reader
    abort (a Rust panic or allocation failure is SIGABRT, which no `except` catches) costs one refused file, never the
    server. The child checks (_guard) and reads; the parent stages the rows it wrote (Arrow IPC)."""
    import json
    import signal
    import subprocess
    import sys

    from shegong.config import ROOT

    name = staged.name
    out = staged.folder / "sheet.arrow"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    try:
        proc = subprocess.run(
            [sys.executable, "-c", "from shegong.ingest.reading import _child; _child()",
             name, str(path), staged.table, str(out), str(XLSX_MEMORY), str(XLSX_SECONDS)],
            capture_output=True, check=False, timeout=XLSX_SECONDS + 5, env=env, cwd=str(ROOT))
    except subprocess.TimeoutExpired:
        raise ImportProblems([f"{name}:1:-: reading the workbook took longer than {XLSX_SECONDS} s and was stopped; "
                              f"save the sheet as CSV, or split it"]) from None
    try:
        report = json.loads(proc.stdout.decode("utf-8").strip().splitlines()[-1])
    except (ValueError, IndexError):
        report = None
    if report and "problems" in report:
        raise ImportProblems(report["problems"])
    if proc.returncode != 0 or not report:
        where, at = "", "1:-"
        err = proc.stderr.decode("utf-8", "replace")
        if (m := re.search(r"^sheet (.*)$", err, re.MULTILINE)):
            where = f" (sheet {m[1]})"
        if (m := re.search(r"^extent ([A-Z]+)([0-9]+)$", err, re.MULTILINE)):  # the far corner the checks let through
            where, at = f"{where[:-1]}, cells up to {m[1]}{m[2]})", f"{m[2]}:{m[1]}"
        if proc.returncode < 0:
            why = signal.Signals(-proc.returncode).name
            why = {"SIGXCPU": f"took more than {XLSX_SECONDS} s", "SIGKILL": "was stopped"}.get(
                why, f"stopped ({why}), most likely needing more than {XLSX_MEMORY >> 20:,} MB of memory")
        else:
            why = f"stopped (exit {proc.returncode}), most likely needing more than {XLSX_MEMORY >> 20:,} MB of memory"
        raise ImportProblems([f"{name}:{at}: reading the workbook{where} {why}; it is refused and nothing was changed. "
                              f"A stray far cell, a huge text or a damaged file does this: save the sheet as CSV, or "
                              f"copy the table to a new workbook"])
    staged.notes.extend(report["notes"])
    staged.encoding = f"XLSX, sheet {report['sheet']}"
    import pyarrow.ipc

    with pa.memory_map(str(out)) as source:
        reader = pyarrow.ipc.open_file(source)
        if reader.num_record_batches == 0:
            raise ImportProblems([f"{name}:1:-: the sheet {report['sheet']} is empty"])

        def rows():
            for b in range(reader.num_record_batches):
                batch = reader.get_batch(b)
                numbers = batch.column(0).to_pylist()
                cells = [batch.column(i).to_pylist() for i in range(1, batch.num_columns)]
                yield from zip(numbers, (list(r) for r in zip(*cells)))

        it = rows()
        header = next(it, None)
        if header is None:
            raise ImportProblems([f"{name}:1:-: the sheet {report['sheet']} is empty"])
        _stage_rows(staged, header[1], it, "sheet")


def _child() -> None:
    """The XLSX reader's process: limits first, then check and read; one JSON line on stdout says how it went."""
    import json
    import resource
    import sys

    name, path, table, out, memory, seconds = sys.argv[1:7]
    resource.setrlimit(resource.RLIMIT_AS, (int(memory), int(memory)))
    resource.setrlimit(resource.RLIMIT_CPU, (int(seconds), int(seconds) + 1))
    try:
        report = _xlsx_to_arrow(name, Path(path), table, Path(out))
    except ImportProblems as e:
        report = {"problems": e.problems}
    except MemoryError:
        report = {"problems": [f"{name}:1:-: reading the workbook needed more than {int(memory) >> 20:,} MB of "
                               f"memory; it is refused. Save the sheet as CSV, or copy the table to a new workbook"]}
    sys.stdout.write(json.dumps(report, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _xlsx_to_arrow(name: str, path: Path, table: str, out: Path) -> dict:
    """The visible sheet named after the table (stations / 站点), else the first visible one, as Arrow IPC: its
    nonblank rows as text (row number first), merged cells filled from their first cell."""
    import sys

    from python_calamine import CalamineWorkbook

    notes = []
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as e:
        raise ImportProblems([f"{name}:1:-: is not a readable .xlsx workbook ({type(e).__name__})"]) from None
    with zf:
        total = sum(i.file_size for i in zf.infolist())
        if total > MAX_ZIP_BYTES:
            raise ImportProblems([f"{name}:1:-: the workbook expands to {total / 2**20:,.0f} MB (at most "
                                  f"{MAX_ZIP_BYTES >> 20} MB): split it, or save the sheet as CSV"])
        sheets = _sheets(name, zf)
        visible = [s for s in sheets if s[1] == "visible"]
        if not visible:
            raise ImportProblems([f"{name}:1:-: the workbook has no visible sheet"])
        wanted = {table, TABLE_ZH[table]}
        title, _, member = next((s for s in visible if s[0].strip().lower() in wanted), visible[0])
        hidden = [s[0] for s in sheets if s[1] != "visible"]
        if hidden:
            notes.append(f"{name}: skipped hidden sheet(s) {', '.join(hidden)}; read the visible sheet {title}")
        print(f"sheet {title}", file=sys.stderr, flush=True)
        guard = _guard(name, zf, title, member)
        if guard.max_row:
            print(f"extent {letter(guard.max_col - 1)}{guard.max_row}", file=sys.stderr, flush=True)
    try:
        wb = CalamineWorkbook.from_path(str(path))
        ws = wb.get_sheet_by_name(title)
        values = ws.to_python(skip_empty_area=False)
    except Exception as e:  # a damaged or foreign zip: calamine raises its own error types
        raise ImportProblems([f"{name}:1:-: is not a readable .xlsx workbook ({type(e).__name__})"]) from None
    filled = []
    for r0, c0, r1, c1 in sorted(guard.merged):  # from the guard: bounded in all, no overlaps
        r0, c0, r1, c1 = r0 - 1, c0 - 1, r1 - 1, c1 - 1
        if r0 < len(values):
            first = values[r0][c0] if c0 < len(values[r0]) else None
            for r in range(r0, min(r1, len(values) - 1) + 1):
                row = values[r]
                for c in range(c0, min(c1, len(row) - 1) + 1):
                    row[c] = first
        filled.append(f"{letter(c0)}{r0 + 1}:{letter(c1)}{r1 + 1}")
    if filled:
        notes.append(f"{name}: merged cells {', '.join(filled[:10])}{' …' if len(filled) > 10 else ''} "
                     f"filled from their first cell")
    width = max((len(r) for r in values), default=0)
    schema = pa.schema([("_row", pa.int64())] + [(f"c{i}", pa.string()) for i in range(width)])
    import pyarrow.ipc

    with pyarrow.ipc.new_file(str(out), schema) as w:
        batch = []

        def flush():
            if batch:
                cols = [pa.array([b[0] for b in batch], pa.int64())]
                cols += [pa.array([b[1][i] if i < len(b[1]) else "" for b in batch], pa.string())
                         for i in range(width)]
                w.write_batch(pa.record_batch(cols, schema=schema))
                batch.clear()
        for i, row in enumerate(values, start=1):
            cells = [cell_text(v) for v in row]
            if any(c.strip() for c in cells):
                batch.append((i, cells))
                if len(batch) >= 50_000:
                    flush()
        flush()
    return {"sheet": title, "notes": notes}
