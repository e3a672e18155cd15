"""Every catalog exhibit's title and data (displayed and full) for its default parameters, in zh and en.

The golden file catalog.json pins what the pages, downloads and reports show. A change that means to alter an
exhibit regenerates it (`python -m tests.golden.snapshot` with SHEGONG_WAREHOUSE set to the test warehouse, or
`pytest tests/unit/test_golden.py --update-golden`) and the diff of catalog.json is reviewed with the change.
"""
from __future__ import annotations

import datetime
import hashlib
import json
import sys
from pathlib import Path
from unittest import mock

GOLDEN = Path(__file__).with_name("catalog.json")
TODAY = datetime.date(2026, 12, 1)  # progress verdicts depend on the day: pin it


def _frame(df) -> dict:
    """A table as its shape, columns, first rows (to read in a diff) and a hash of every cell (to compare).

    Floats are rounded to 6 decimals first: DuckDB's parallel sums of doubles differ in the last bits between runs.
    """
    df = df.apply(lambda c: c.round(6) if c.dtype.kind == "f" else c)
    text = df.astype(str).to_csv(index=False)
    return {"rows": len(df), "columns": [str(c) for c in df.columns],
            "head": df.head(12).astype(str).to_csv(index=False).splitlines(),
            "sha256": hashlib.sha256(text.encode()).hexdigest()}


def snapshot() -> dict:
    from shegong import catalog, i18n

    class Day(datetime.date):
        @classmethod
        def today(cls):
            return TODAY

    from shegong.catalog import registry

    registry._built.cache_clear()  # built afresh: a cached exhibit another test changed in place must not count
    out = {}
    with mock.patch("datetime.date", Day):
        for lang in ("zh", "en"):
            i18n.set_language(lang)
            try:
                for chart_id in catalog.ids():
                    ex = catalog.build(chart_id)
                    out[f"{lang}:{chart_id}"] = None if ex is None else {
                        "title": ex.title, "subtitle": ex.subtitle, "sources": list(ex.sources),
                        "notes": list(ex.notes), "demo": ex.demo,
                        "displayed": _frame(ex.displayed), "full": _frame(ex.full),
                    }
            finally:
                i18n.set_language("zh")
    return out


if __name__ == "__main__":
    text = json.dumps(snapshot(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if "--print" in sys.argv:  # tests/data/test_golden.py: the exhibits as a fresh process builds them
        sys.stdout.write(text)
    else:
        GOLDEN.write_text(text, encoding="utf-8")
        print(f"wrote {GOLDEN}", file=sys.stderr)
