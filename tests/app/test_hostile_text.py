"""Text from an import is data on the live pages (issue 21 #4): a figure whose source title, publisher and note carry
markdown links and images, plotly/HTML tags and script fragments shows them as text, in markdown and in charts."""
import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from shegong.config import ROOT
from tests.hostile import EVIL, warehouse_with

HOSTILE = (f'<!--<script> </script> [点此](http://{EVIL}/a) ![图](http://{EVIL}/p.png) '
           f'<span style="font-size:48px;color:red">数据作废</span> **粗** :red[红] www.{EVIL}')


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    return warehouse_with(HOSTILE, tmp_path_factory.mktemp("hostile-live"))


def texts(at) -> list[str]:
    """Every markdown text on the page: markdown, captions, alerts, headers, metric labels and help."""
    out = []
    for kind in ("markdown", "caption", "info", "warning", "success", "error", "header", "subheader", "title"):
        out += [e.value for e in at.get(kind)]
    for m in at.get("metric"):
        out += [m.label, m.proto.help]
    return out


@pytest.mark.parametrize("page, query", [("overview", {}), ("province", {"province": "640000"})])
def test_hostile_text_is_text_on_the_live_pages(hostile_db, monkeypatch, page, query):
    monkeypatch.setenv("SHEGONG_WAREHOUSE", str(hostile_db))
    monkeypatch.delenv("SHEGONG_PUBLIC", raising=False)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params.update(query)
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    body = "\n".join(texts(at))
    assert "数据作废" in body  # the hostile figure is shown ...
    # ... as text: no link, image, HTML, colour directive or autolink can start from it
    for raw in (f"](http://{EVIL}", "![图]", "<span", "<!--", ":red[", f"www.{EVIL}", "**粗**"):
        assert not re.search(r"(?<!\\)" + re.escape(raw), body), raw  # present only with its opener escaped
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    for c in charts:  # layout.meta keeps the texts as plain data (file names, downloads); plotly never draws it
        c.get("layout", {}).pop("meta", None)
    spec = json.dumps(charts, ensure_ascii=False)
    for raw in ("<span", "<!--", "font-size:48px"):
        assert raw not in spec, spec[max(0, spec.find(raw) - 300):spec.find(raw) + 60]
