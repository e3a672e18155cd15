"""Export timings: PNG cold (chromium start included) and warm per chart kind, SVG/PDF warm, data files, and a
ten-chart Word report. The image cache is cleared before every timed render, so each figure is really drawn.

    .venv/bin/python benchmarks/exports.py [--repeat 5]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shegong import catalog, i18n, outputs  # noqa: E402
from shegong.outputs import render, report


def timed(fn) -> float:
    render._cache.clear()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    i18n.set_language("zh")

    exhibits = [e for e in (catalog.build(c) for c in catalog.ids()) if e is not None]
    charts = [e for e in exhibits if e.figure is not None]
    maps = [e for e in charts if any(tr.type == "choropleth" for tr in e.figure.data)]
    plain = [e for e in charts if e not in maps]
    tables = [e for e in exhibits if e.figure is None]
    print(f"catalog: {len(catalog.ids())} ids, {len(charts)} charts ({len(maps)} maps), {len(tables)} tables")

    first = maps[0] if maps else charts[0]
    cold = timed(lambda: outputs.export(first, "png"))
    print(f"PNG cold (chromium start + first render, {first.id}, 2400 px): {cold:.2f} s")

    for name, group in (("chart", plain), ("map", maps), ("table", tables)):
        if not group:
            continue
        for fmt in ("png", "svg", "pdf"):
            runs = [timed(lambda e=e, f=fmt: outputs.export(e, f)) for e in group[:args.repeat]]
            print(f"{fmt.upper()} warm, {name} ({len(runs)} exhibits): median {statistics.median(runs):.2f} s, "
                  f"max {max(runs):.2f} s")

    biggest = max(exhibits, key=lambda e: e.full.size)
    for fmt, full in (("csv", False), ("xlsx", False), ("csv", True), ("xlsx", True), ("zip", True)):
        s = timed(lambda f=fmt, whole=full: outputs.export(biggest, f, full=whole))
        rows = len(biggest.full if full else biggest.displayed)
        print(f"{fmt}{' full' if full else ''} of {biggest.id} ({rows:,} rows): {s:.2f} s")

    items = [it for it in report.plan() if (e := catalog.build(it[0], **it[1])) is not None and e.figure is not None]
    ten = report.build_exhibits(items[:10])
    start = time.perf_counter()
    render._cache.clear()
    data = report.document(ten)
    print(f"report of {len(ten)} charts (PNG 2400 px each, data tables, sources): "
          f"{time.perf_counter() - start:.1f} s, {len(data) / 1e6:.1f} MB")
    print(f"renders: {render.RENDERER.renders}, browser starts: {render.RENDERER.starts}, "
          f"concurrency: {render.RENDERER.concurrency}")


if __name__ == "__main__":
    main()
