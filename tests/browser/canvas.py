"""Measuring text against its canvas in Chromium: every <text> of an SVG export, and every chart text on a page.

Used by the browser tests and by benchmarks/canvas_check.py (which prints the counts for a note).
"""
from __future__ import annotations

import re

# In an SVG document: the root's size and the box (getBoundingClientRect, in the SVG's own px) of every text.
SVG_BOXES = """() => {
  const svg = document.documentElement;
  const W = parseFloat(svg.getAttribute('width')), H = parseFloat(svg.getAttribute('height'));
  const out = [];
  for (const el of svg.querySelectorAll('text')) {
    const s = (el.textContent || '').trim();
    if (!s) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    out.push({text: s, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom});
  }
  return {width: W, height: H, texts: out};
}"""

# On a page: each plotly chart's .main-svg box, and the boxes of the texts drawn in it.
PAGE_BOXES = """() => {
  const out = [];
  document.querySelectorAll('.js-plotly-plot').forEach((plot, i) => {
    const main = plot.querySelector('.main-svg');
    if (!main) return;
    const b = main.getBoundingClientRect();
    for (const el of plot.querySelectorAll('svg text')) {
      const s = (el.textContent || '').trim();
      if (!s) continue;
      const st = getComputedStyle(el);
      if (st.display === 'none' || st.visibility === 'hidden' || st.opacity === '0') continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      out.push({chart: i, text: s, x0: r.left - b.left, y0: r.top - b.top, x1: r.right - b.left,
                y1: r.bottom - b.top, width: b.width, height: b.height});
    }
  });
  return out;
}"""

TOLERANCE = 1.0  # px: anti-aliasing and font rounding


def outside(boxes: list[dict], width: float, height: float) -> list[dict]:
    """The text boxes that reach beyond [0, width] × [0, height]."""
    return [b for b in boxes if b["x0"] < -TOLERANCE or b["y0"] < -TOLERANCE
            or b["x1"] > width + TOLERANCE or b["y1"] > height + TOLERANCE]


def svg_boxes(page, svg: bytes) -> dict:
    """Load an SVG as its own document in a Playwright page and measure it."""
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".svg") as f:
        f.write(svg)
        f.flush()
        page.goto("file://" + f.name)
        return page.evaluate(SVG_BOXES)


def texts(svg: bytes) -> list[str]:
    """The SVG's texts in document order, without whitespace differences."""
    from xml.etree import ElementTree

    out = []
    for el in ElementTree.fromstring(svg).iter():
        if el.tag.endswith("}text") or el.tag == "text":
            s = re.sub(r"\s+", " ", "".join(el.itertext())).strip()
            if s:
                out.append(s)
    return out


def same_drawing(svg: bytes) -> bytes:
    """The SVG with plotly.js's per-render random ids (6 hex digits: clip200c40xyplot, a colour bar's class, a
    table's clip paths) masked inside ids, classes and references: two renders of one figure are then byte for
    byte the same, and any other difference (a text, a size, a colour, a coordinate) still shows."""
    def mask(m):
        return re.sub(r"[0-9a-f]{6,}", "UID", m.group(0))

    text = re.sub(r'\b(?:id|class|clip-path|href|xlink:href)="[^"]*"', mask, svg.decode())
    return re.sub(r"url\(['\"]?#[^)]*\)", mask, text).encode()
