"""Text from an import is data on the live pages (issue 21 #4): a figure whose source title, publisher and note carry
markdown links and images, plotly/HTML tags and script fragments shows them as text, in markdown and in charts."""
import contextlib
import csv
import io
import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from shegong.__main__ import main as cli
from shegong.config import DATA_DIR, ROOT
from shegong.ingest.build import build

EVIL = "evil.example"
HOSTILE = (f'<!--<script> </script> [点此](http://{EVIL}/a) ![图](http://{EVIL}/p.png) '
           f'<span style="font-size:48px;color:red">数据作废</span> **粗** :red[红] www.{EVIL}')


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-live")
    db = folder / "warehouse.duckdb"
    build(db, DATA_DIR)
    rows = folder / "figures.csv"
    with rows.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["region_code", "indicator", "value", "qualifier", "as_of", "scope", "source_id", "source_title",
                    "source_publisher", "source_published", "source_url", "note"])
        w.writerow(["640000", "stations_built", "999", "exact", "2026-06", "stock", "", "标题" + HOSTILE,
                    "机构" + HOSTILE, "2026-06-30", "https://ok.example.org/source", "备注" + HOSTILE])
    # entered by one person and approved by another (issue 24), as a hostile text would reach the pages
    pending = folder / "entered.txt"
    with contextlib.redirect_stdout(io.StringIO()) as out:
        assert cli(["import", "figures", str(rows), "--db", str(db), "--as", "clerk@example.org"]) == 0
    change = out.getvalue().split()[1]  # "change N entered by …"
    pending.write_text(change)
    assert cli(["review", "approve", change, "--as", "lead@example.org", "--db", str(db)]) == 0
    return db


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
