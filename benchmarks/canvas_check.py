"""Every catalog exhibit as an SVG export, rendered in a process that imported streamlit (as the server does),
measured in Chromium: texts outside the image, and texts that differ from the plain CLI's export.

    .venv/bin/python benchmarks/canvas_check.py [--width 390 --width 1920] [--out DIR]

Prints one line per exhibit × language × width with a problem, and the counts checked.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import streamlit  # noqa: F401  (the server's process: streamlit sets plotly's default template)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from shegong import catalog, i18n  # noqa: E402
from shegong.outputs import render  # noqa: E402
from tests.browser.canvas import outside, same_drawing, svg_boxes, texts  # noqa: E402

CLI = """
import sys, json
from shegong.__main__ import main
for lang, chart_id, params, out in json.loads(sys.argv[1]):
    args = ["export", chart_id, "--format", "svg", "--lang", lang, "--out", out]
    for k, v in params.items():
        args += ["--param", f"{k}={v}"]
    assert main(args) == 0, chart_id
assert "streamlit" not in sys.modules
"""


def first_exhibit(chart_id: str):
    """The exhibit with its defaults, or the first single-parameter change that shows something."""
    exhibit = catalog.build(chart_id)
    for key, values in catalog.options(chart_id).items():
        for value in list(values)[1:5]:
            if exhibit is not None:
                return exhibit
            exhibit = catalog.build(chart_id, **{key: value})
    return exhibit


def check(widths: list[int | None], folder: Path, cli: bool = True, only: list[str] | None = None,
          langs: tuple[str, ...] = ("zh", "en")) -> tuple[int, list[str]]:
    from playwright.sync_api import sync_playwright

    problems, checked, jobs, ours = [], 0, [], {}
    for lang in langs:
        i18n.set_language(lang)
        for chart_id in only or catalog.ids():
            ex = first_exhibit(chart_id)
            if ex is None:
                problems.append(f"{lang} {chart_id}: nothing to show")
                continue
            for width in widths:
                svg = render.image(ex, "svg", width=width)  # the download's scale (2), as the CLI
                name = f"{chart_id}.{lang}.{width or 'default'}.svg"
                (folder / name).write_bytes(svg)
                ours[(lang, chart_id, width)] = svg
            jobs.append([lang, chart_id, ex.params, str(folder / f"cli.{chart_id}.{lang}.svg")])
    i18n.set_language("zh")
    if cli:
        subprocess.run([sys.executable, "-c", CLI, json.dumps(jobs)], check=True, stdout=subprocess.DEVNULL,
                       env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = b.new_page()
        for (lang, chart_id, width), svg in ours.items():
            m = svg_boxes(page, svg)
            checked += 1
            for box in outside(m["texts"], m["width"], m["height"]):
                problems.append(f"{lang} {chart_id} @{width or 'default'} {m['width']:.0f}x{m['height']:.0f}: "
                                f"{box['text'][:40]!r} at ({box['x0']:.0f},{box['y0']:.0f})-"
                                f"({box['x1']:.0f},{box['y1']:.0f})")
            if cli and width is None:
                plain = (folder / f"cli.{chart_id}.{lang}.svg").read_bytes()
                if texts(plain) != texts(svg):
                    problems.append(f"{lang} {chart_id}: texts differ from the CLI export")
                if same_drawing(plain) != same_drawing(svg):
                    problems.append(f"{lang} {chart_id}: SVG differs from the CLI export")
        b.close()
    return checked, problems


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--width", type=int, action="append", default=[])
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--no-cli", action="store_true")
    ap.add_argument("--only", action="append", default=None, help="chart ids (default: all)")
    ap.add_argument("--lang", action="append", default=None)
    a = ap.parse_args()
    folder = a.out or Path(tempfile.mkdtemp(prefix="canvas-"))
    folder.mkdir(parents=True, exist_ok=True)
    n, problems = check([None] + a.width, folder, cli=not a.no_cli, only=a.only,
                        langs=tuple(a.lang or ("zh", "en")))
    print("\n".join(problems))
    print(f"{n} SVGs checked (exhibits × languages × widths), {len(problems)} problems; files in {folder}")
