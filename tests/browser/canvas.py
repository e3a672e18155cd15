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

# In an SVG document: the texts of each map (a plotly geo subplot) that reach beyond the map's clip rectangle, where
# plotly cuts them ("北京 暂无公开数"). The clip rectangles are in the SVG's user units; boxes are scaled to them.
GEO_CLIPPED = """() => {
  const root = document.documentElement, out = [];
  const vb = root.viewBox && root.viewBox.baseVal && root.viewBox.baseVal.width;
  const k = root.getBoundingClientRect().width / (vb || parseFloat(root.getAttribute('width')));
  for (const g of document.querySelectorAll('g.geo')) {
    const id = [...g.classList].find(c => c !== 'geo') || 'geo';
    const rect = document.querySelector(`clipPath[id$="${id}"] rect`);
    if (!rect) continue;
    const x0 = +rect.getAttribute('x'), y0 = +rect.getAttribute('y');
    const x1 = x0 + +rect.getAttribute('width'), y1 = y0 + +rect.getAttribute('height');
    for (const el of g.querySelectorAll('text')) {
      const s = (el.textContent || '').trim(), q = el.getBoundingClientRect();
      if (!s || !q.width) continue;
      const r = [q.left / k, q.top / k, q.right / k, q.bottom / k];
      if (r[0] < x0 - 1 || r[1] < y0 - 1 || r[2] > x1 + 1 || r[3] > y1 + 1) out.push({text: s, box: r});
    }
  }
  return out;
}"""

# In an SVG document: the title's, the subtitle's and the legend's boxes (null where there is none).
HEAD_BOXES = """() => {
  const box = sel => { const e = document.querySelector(sel); if (!e) return null;
                       const r = e.getBoundingClientRect(); return r.height ? [r.top, r.bottom] : null; };
  return {title: box('.gtitle'), subtitle: box('.gtitle-subtitle'),
          legend: box('.legend .scrollbox') || box('.legend')};
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


def geo_clipped(page, svg: bytes) -> list[dict]:
    """The texts of the SVG's maps that their map's clip rectangle cuts."""
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".svg") as f:
        f.write(svg)
        f.flush()
        page.goto("file://" + f.name)
        return page.evaluate(GEO_CLIPPED)


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
