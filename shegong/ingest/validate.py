"""Read and check the source files in data/ before anything is built from them.

Every problem is reported as `file:row:column: what is wrong` (row = line number in the file,
the header being line 1), so that a person can open the file and fix it.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from shegong.schema import PUBLISHED, DataError
from shegong.vocab import LEVELS, QUALIFIERS, SCOPES

DATE_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
CODE_RE = re.compile(r"^\d{6}$")


ValidationError = DataError  # the one error type of bad input (shegong/schema.py), under the name the build uses


# A check takes the cell text and returns an error message, or None when the cell is fine.
Check = Callable[[str], "str | None"]


def required(v: str) -> str | None:
    return "is empty" if not v.strip() else None


def optional(v: str) -> str | None:
    return None


def code(v: str) -> str | None:
    return None if CODE_RE.match(v) else f"{v!r} is not a six-digit GB/T 2260 code"


def code_or_empty(v: str) -> str | None:
    return None if v == "" else code(v)


def date(v: str) -> str | None:
    if not DATE_RE.match(v):
        return f"{v!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
    try:
        if len(v) == 10:
            pd.Timestamp(v)
    except ValueError:
        return f"{v!r} is not a real date"
    return None


def date_or_empty(v: str) -> str | None:
    return None if v == "" else date(v)


def non_negative(v: str) -> str | None:
    try:
        x = float(v)
    except ValueError:
        return f"{v!r} is not a number"
    if x != x or x < 0:
        return f"{v!r} must be a number ≥ 0"
    return None


def one_of(*allowed: str) -> Check:
    def check(v: str) -> str | None:
        return None if v in allowed else f"{v!r} is not one of {', '.join(allowed)}"

    return check


def scope(v: str) -> str | None:
    if not v:
        return f"is empty; give one of {', '.join(SCOPES)}"
    return one_of(*SCOPES)(v)


def url(v: str) -> str | None:
    return None if v == "" or re.match(r"^https?://\S+$", v) else f"{v!r} is not an http(s) URL"


# What a source is, shown where a figure is cited (data/README.md, sources.csv `kind`).
SOURCE_KINDS = ("gov_bulletin", "gov_document", "official_media", "other_media", "repost")
# Words of the research notes that must never reach a public title, publisher or note: they go in research_note.
RESEARCH_WORDS = re.compile(r"\b(reposted|repost|via|citing|spam)\b", re.IGNORECASE)


def public_text_or_empty(v: str) -> str | None:
    """Text shown to the public: provenance remarks ("reposted", "via", "citing") belong in research_note."""
    m = RESEARCH_WORDS.search(v)
    return f"{v!r} has the research word {m[0]!r}: put provenance remarks in research_note" if m else None


def public_text(v: str) -> str | None:
    return required(v) or public_text_or_empty(v)


def snake(v: str) -> str | None:
    return None if re.match(r"^[a-z][a-z0-9_]*$", v) else f"{v!r} is not a snake_case name"


MEASURES = ("as_published", "coverage", "per_station", "per_10k_residents")


def measures(v: str) -> str | None:
    """as_published|coverage|per_station|per_10k_residents: what the compare page may show of an indicator."""
    bad = [m for m in v.split("|") if m not in MEASURES]
    if not v or bad:
        return f"{v!r}: give one or more of {', '.join(MEASURES)} separated by |"
    return None


def regex_or_empty(v: str) -> str | None:
    try:
        re.compile(v)
    except re.error as e:
        return f"{v!r} is not a regular expression ({e})"
    return None


def whole_or_empty(v: str) -> str | None:
    return None if v == "" or v.isdigit() else f"{v!r} is not a whole number"


def days(v: str) -> str | None:
    return None if v.isdigit() and int(v) > 0 else f"{v!r} is not a whole number of days (1 or more)"


@dataclass
class Spec:
    """What one source file must look like: its columns with their checks, its key, its references."""

    name: str
    columns: dict[str, Check]
    key: tuple[str, ...] = ()
    refs: dict[str, tuple[str, str]] = field(default_factory=dict)  # column -> (table, column)


CHECKS: dict[str, Check] = {
    "required": required, "optional": optional, "code": code, "code_or_empty": code_or_empty, "date": date,
    "date_or_empty": date_or_empty, "non_negative": non_negative, "scope": scope, "url": url, "snake": snake,
    "measures": measures, "regex_or_empty": regex_or_empty, "whole_or_empty": whole_or_empty, "days": days,
    "level": one_of(*LEVELS), "qualifier": one_of(*QUALIFIERS), "flag": one_of("0", "1"),
    "public_text": public_text, "public_text_or_empty": public_text_or_empty, "source_kind": one_of(*SOURCE_KINDS),
}
# the files' columns, checks, keys and references: as declared in shegong/schema.py
SPECS = {name: Spec(name, {f.name: CHECKS[f.check] for f in t.columns}, t.key,
                    {f.name: f.ref for f in t.columns if f.ref})
         for name, t in PUBLISHED.items()}


def read_table(path: Path, spec: Spec, problems: list[str]) -> pd.DataFrame:
    """Read one CSV as text, checking header and cells; the frame keeps each row's line number."""
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as e:
        problems.append(f"{name}:0:-: cannot be read ({e.strerror})")
        return pd.DataFrame()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        problems.append(f"{name}:{line}:-: is not UTF-8 text (byte {e.start}); save it as UTF-8 CSV")
        return pd.DataFrame()
    if "\x00" in text:
        problems.append(f"{name}:1:-: looks like a binary file, not a CSV")
        return pd.DataFrame()
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header or not any(h.strip() for h in header):
        problems.append(f"{name}:1:-: is empty; expected the columns {', '.join(spec.columns)}")
        return pd.DataFrame()
    header = [h.strip() for h in header]
    for col in spec.columns:
        if col not in header:
            problems.append(f"{name}:1:{col}: missing column")
    for col in header:
        if col not in spec.columns:
            problems.append(f"{name}:1:{col}: unexpected column (allowed: {', '.join(spec.columns)})")
    if any(p.startswith(f"{name}:1:") for p in problems):
        return pd.DataFrame()
    rows, lines = [], []
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            problems.append(f"{name}:{line}:-: {e}")
            break
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(f"{name}:{line}:-: has {len(cells)} cells, the header has {len(header)}")
            continue
        record = dict(zip(header, (c.strip() for c in cells)))
        for col, check in spec.columns.items():
            msg = check(record[col])
            if msg:
                problems.append(f"{name}:{line}:{col}: {msg}")
        rows.append(record)
        lines.append(line)
    df = pd.DataFrame(rows, columns=list(spec.columns), dtype="string")
    df["_line"] = lines
    if spec.key and len(df):
        dup = df.duplicated(list(spec.key), keep="first")
        for line, key in zip(df.loc[dup, "_line"], df.loc[dup, list(spec.key)].itertuples(index=False)):
            problems.append(f"{name}:{line}:{spec.key[-1]}: duplicate of an earlier row with the same "
                            f"{'/'.join(spec.key)} ({', '.join(key)})")
    return df


def read_sources(data_dir: Path) -> dict[str, pd.DataFrame]:
    """Read and check every source file; raise ValidationError listing all problems at once."""
    problems: list[str] = []
    tables = {n: read_table(Path(data_dir) / f"{n}.csv", spec, problems) for n, spec in SPECS.items()}
    for n, spec in SPECS.items():
        df = tables[n]
        for col, (ref_table, ref_col) in spec.refs.items():
            if df.empty or tables[ref_table].empty:
                continue
            known = set(tables[ref_table][ref_col])
            bad = df[(df[col] != "") & ~df[col].isin(known)]
            for line, v in zip(bad["_line"], bad[col]):
                problems.append(f"{n}.csv:{line}:{col}: {v!r} is not in {ref_table}.csv")
    ind = tables["indicators"]
    if not ind.empty:  # coverage needs its denominator; extraction needs the measure words that count it
        for line, measured, denominator, order, words in zip(
                ind["_line"], ind.measures, ind.coverage_denominator, ind.extract_order, ind.measure_words):
            if "coverage" in measured.split("|") and not denominator:
                problems.append(f"indicators.csv:{line}:coverage_denominator: is empty; coverage needs the "
                                "indicator it is a share of (e.g. township_level_units)")
            if order and not words:
                problems.append(f"indicators.csv:{line}:measure_words: is empty; an extracted indicator needs the "
                                "measure words that count it (e.g. 个 or 人|名)")
    if problems:
        raise ValidationError(problems)
    return {n: df.drop(columns="_line") for n, df in tables.items()}
