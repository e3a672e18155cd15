"""Chinese line-break rules in every exhibit of the catalog (issue 22): no line of a title, subtitle, axis or tick
label, annotation, footer, table cell or hover text starts with a closing mark (、，。）》” …) or ends with an opening one
(（《“ …), in the wide layout and in the phone layout (charts.base.fit at a 390 px phone's chart width), zh and en."""
import html
import re

import plotly.graph_objects as go
import pytest

from shegong.charts import base
from shegong.outputs import render
from tests import sweep

PHONE = 358  # shegong.ui.app.PHONE_WIDTH
BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
SKIP = {"meta", "geojson", "locations", "featureidkey", "uid", "ids", "z", "lat", "lon", "template", "bdata"}


def strings(obj, path=""):
    """(where, text) of every string with a line break in a figure's JSON."""
    if isinstance(obj, str):
        if BR.search(obj):
            yield path, obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            if k not in SKIP:
                yield from strings(v, f"{path}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from strings(v, f"{path}[{i}]")


def bad_breaks(fig: go.Figure) -> list[str]:
    found = []
    for where, text in strings(fig.to_plotly_json()):
        lines = [html.unescape(re.sub(r"<[^>]+>", "", x)) for x in BR.split(text)]
        found += [f"{where}: {x!r}" for x in base.breaks_badly(lines)]
    return found


def layouts(ex):
    """The exhibit as drawn wide and on a phone (a table: its image, made at the export width only)."""
    if ex.figure is None:
        yield "wide", render.table_figure(ex)
        return
    yield "wide", ex.figure
    yield "phone", base.fit(go.Figure(ex.figure), PHONE)


@pytest.fixture(scope="module")
def exhibits(warehouse):
    return [(cid, params, lang, ex) for cid, params, lang, ex in sweep.exhibits() if ex is not None]


def test_wrap_keeps_closing_marks_off_a_line_start():
    text = "河南省民政厅、河北省民政厅、宁夏回族自治区民政厅（2021年）：乡镇(街道)社工站覆盖率。《通知》“较旧”"
    for width in range(6, 40):
        lines = base.wrap_lines(text, width)
        assert "".join(lines) == text and not base.breaks_badly(lines), (width, lines)


def test_no_exhibit_breaks_a_line_before_a_closing_mark(exhibits):
    found = []
    for cid, params, lang, ex in exhibits:
        for layout, fig in layouts(ex):
            found += [f"{cid} {params} {lang} {layout} {x}" for x in bad_breaks(fig)]
    assert not found, "\n".join(found[:40])
