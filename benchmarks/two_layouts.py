"""What sending every chart twice costs (ui.app.by_width sends a wide and a phone layout; CSS shows one): the bytes
of each page's chart messages, wide and phone copy, and what is inside them (template, meta, data, layout).

    .venv/bin/python benchmarks/two_layouts.py [--lang zh]

Each page is run in Streamlit's AppTest on the warehouse of SHEGONG_WAREHOUSE (default data/warehouse.duckdb); a
chart's bytes are its serialized PlotlyChart element (what goes over the websocket, before permessage-deflate), and
gzip shows roughly what compression leaves of it.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.pagetools import open_page  # noqa: E402

RERUNS = 3
PAGES = {"总览": None, "省际对比": "pages/compare.py", "省份详情": "pages/province.py", "资金投入": "pages/funding.py",
         "服务对象": "pages/beneficiaries.py", "数据来源": "pages/sources.py"}


def parts(spec: dict) -> dict[str, int]:
    """Bytes of the parts of one figure's JSON."""
    layout = dict(spec.get("layout", {}))
    size = {k: len(json.dumps(layout.pop(k, None), ensure_ascii=False, separators=(",", ":")).encode())
            for k in ("template", "meta")}
    size["data"] = len(json.dumps(spec.get("data", []), ensure_ascii=False, separators=(",", ":")).encode())
    size["layout"] = len(json.dumps(layout, ensure_ascii=False, separators=(",", ":")).encode())
    return size


def measure(lang: str) -> None:
    print(f"{'page':<8} {'charts':>6} {'wide KB':>8} {'phone KB':>9} {'phone %':>8} {'gz wide':>8} {'gz phone':>9}"
          f" {'rerun s':>8}   phone copy: template / meta / data / layout KB")
    totals = [0, 0]
    for name, path in PAGES.items():
        at = open_page(path, **({"lang": lang} if lang != "zh" else {}))
        start = time.perf_counter()
        for _ in range(RERUNS):  # warm: the exhibits are cached, what remains is the page's own work
            at.run()
        rerun = (time.perf_counter() - start) / RERUNS
        wide, phone, gz, inside = 0, 0, [0, 0], {"template": 0, "meta": 0, "data": 0, "layout": 0}
        charts = at.get("plotly_chart")
        for c in charts:
            raw = c.proto.SerializeToString()
            narrow = c.proto.id.endswith("-narrow")
            if narrow:
                phone += len(raw)
                for k, v in parts(json.loads(c.proto.spec)).items():
                    inside[k] += v
            else:
                wide += len(raw)
            gz[narrow] += len(gzip.compress(raw))
        totals[0] += wide
        totals[1] += phone
        n = sum(not c.proto.id.endswith("-narrow") for c in charts)
        print(f"{name:<8} {n:>6} {wide / 1024:>8.1f} {phone / 1024:>9.1f} {100 * phone / max(1, wide + phone):>7.0f}% "
              f"{gz[0] / 1024:>8.1f} {gz[1] / 1024:>9.1f} {rerun:>8.2f}   "
              + " / ".join(f"{inside[k] / 1024:.1f}" for k in ("template", "meta", "data", "layout")))
    print(f"{'all':<8} {'':>6} {totals[0] / 1024:>8.1f} {totals[1] / 1024:>9.1f} "
          f"{100 * totals[1] / max(1, sum(totals)):>7.0f}%")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lang", default="zh", choices=("zh", "en"))
    measure(ap.parse_args().lang)
