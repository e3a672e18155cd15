"""Read a file a clerk sends (CSV or XLSX) into a DuckDB staging file, streaming and with bounded memory.

What comes in may be hostile or just odd, so everything is checked before it is read:
- CSV: the encoding is decided over the whole file, in chunks: UTF-8 (with or without BOM) is read as it is;
  GBK/GB18030 and UTF-16 (BOM or not) are transcoded to UTF-8 chunk by chunk; a file mixing UTF-8 and GBK lines, or a
  NUL byte anywhere, is refused naming the line. DuckDB's reader then parses it (all text, strict quoting), so 20
  million rows take seconds and little memory; an unclosed quote or a row wider than the header is named by line.
- XLSX: before calamine reads a sheet, the zip's member sizes and the sheet XML's cells are checked (a far cell like
  XFD1048576 or a zip bomb is refused in milliseconds); hidden sheets are skipped and merged cells filled from their
  first cell (both said); values under an empty header cell are refused naming the column letter.
Row numbers are those a clerk sees: the CSV line or Excel row (header = 1).
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
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


def _new_staged(name: str, table: str) -> Staged:
    staged = Staged(name, table, Path(tempfile.mkdtemp(prefix="shegong-import-")))
    weakref.finalize(staged, shutil.rmtree, str(staged.folder), True)
    return staged


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


CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


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
                    try:
                        if CJK.search(part.decode("utf-8")):
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
    """Refuse values under an empty header cell and demo rows (imported records are real)."""
    name, problems = staged.name, []
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


CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(/?)>")
REF = re.compile(rb"\br=\"([A-Z]{1,3})([0-9]{1,7})\"")
DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*\bref=\"([A-Z]{1,3})?([0-9]{1,7})?:?([A-Z]{1,3})?([0-9]{1,7})?\"")
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _sheets(name: str, zf: zipfile.ZipFile) -> list[tuple[str, str, str]]:
    """(sheet name, state, XML member) for each sheet, in workbook order."""
    try:
        book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        raise ImportProblems([f"{name}:1:-: is not a readable .xlsx workbook (no workbook.xml)"]) from None
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = []
    for s in book.iter():
        if s.tag.endswith("}sheet") or s.tag == "sheet":
            target = targets.get(s.get(NS_REL), "")
            target = target.lstrip("/") if target.startswith("/") else "xl/" + target
            out.append((s.get("name", ""), s.get("state", "visible"), target))
    return out


def _guard_sheet(name: str, zf: zipfile.ZipFile, sheet: str, member: str) -> None:
    """Refuse a sheet whose cells span more than MAX_CELLS (a stray far cell, or a bomb) before calamine reads it."""
    try:
        info = zf.getinfo(member)
    except KeyError:
        raise ImportProblems([f"{name}:1:-: sheet {sheet} is missing from the workbook"]) from None
    if info.file_size > MAX_SHEET_BYTES:
        raise ImportProblems([f"{name}:1:-: sheet {sheet} expands to {info.file_size / 2**20:,.0f} MB of XML (at most "
                              f"{MAX_SHEET_BYTES >> 20} MB): split it, or save it as CSV"])
    max_row = max_col = cells = 0
    tail = b""
    with zf.open(member) as f:
        first = True
        while chunk := f.read(1 << 20):
            data = tail + chunk
            if first:
                first = False
                if (m := DIMENSION.search(data)) and m[3] and m[4]:
                    span = _col_number(m[3]) * int(m[4])
                    if span > MAX_CELLS:
                        _far(name, sheet, m[3] + m[4], _col_number(m[3]), int(m[4]))
            cut = data.rfind(b"<")
            body, tail = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
            for m in CELL.finditer(body):
                if m[2]:  # <c r="X9" s="1"/>: formatting only, no value
                    continue
                cells += 1
                r = REF.search(m[1])
                if r:
                    col, row = _col_number(r[1]), int(r[2])
                    if col > max_col or row > max_row:
                        max_col, max_row = max(max_col, col), max(max_row, row)
                        if max_col * max_row > MAX_CELLS:
                            _far(name, sheet, r[1] + r[2], max_col, max_row)
            if cells > MAX_CELLS:
                raise ImportProblems([f"{name}:1:-: sheet {sheet} has more than {MAX_CELLS:,} cells: split it, or "
                                      f"save it as CSV"])


def _far(name: str, sheet: str, ref: bytes, cols: int, rows: int) -> None:
    ref = ref.decode()
    raise ImportProblems([f"{name}:{rows}:{re.sub(r'[0-9]', '', ref)}: sheet {sheet} has a cell at {ref}, far outside "
                          f"any table ({cols:,} columns × {rows:,} rows = {cols * rows:,} cells; at most {MAX_CELLS:,}); "
                          f"delete the stray cell, or copy the table to a new sheet"])


def _read_xlsx(staged: Staged, path: Path) -> None:
    """The visible sheet named after the table (stations / 站点), else the first visible one."""
    from python_calamine import CalamineWorkbook

    name, table = staged.name, staged.table
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
            staged.notes.append(f"{name}: skipped hidden sheet(s) {', '.join(hidden)}; read the visible sheet {title}")
        _guard_sheet(name, zf, title, member)
    try:
        wb = CalamineWorkbook.from_path(str(path))
        ws = wb.get_sheet_by_name(title)
        values = ws.to_python(skip_empty_area=False)
        merged = ws.merged_cell_ranges or []
    except Exception as e:  # a damaged or foreign zip: calamine raises its own error types
        raise ImportProblems([f"{name}:1:-: is not a readable .xlsx workbook ({type(e).__name__})"]) from None
    filled = []
    for (r0, c0), (r1, c1) in merged:
        if r0 >= len(values):
            continue
        first = values[r0][c0] if c0 < len(values[r0]) else None
        for r in range(r0, min(r1, len(values) - 1) + 1):
            row = values[r]
            for c in range(c0, min(c1, len(row) - 1) + 1):
                row[c] = first
        filled.append(f"{letter(c0)}{r0 + 1}:{letter(c1)}{r1 + 1}")
    if filled:
        staged.notes.append(f"{name}: merged cells {', '.join(filled[:10])}{' …' if len(filled) > 10 else ''} "
                            f"filled from their first cell")
    staged.encoding = f"XLSX, sheet {title}"
    numbered = ((i, [cell_text(v) for v in row]) for i, row in enumerate(values, start=1))
    nonblank = ((i, cells) for i, cells in numbered if any(c.strip() for c in cells))
    header = next(nonblank, None)
    if header is None:
        raise ImportProblems([f"{name}:1:-: the sheet {title} is empty"])
    _stage_rows(staged, header[1], nonblank, "sheet")
