"""The public is never shown a file path or an engine's error text (issue 14 #6): a missing or damaged warehouse, and
a report whose image renderer cannot start, get plain sentences; outside public mode the details stay visible."""
import re

import pytest
from streamlit.testing.v1 import AppTest

from shegong.config import ROOT
from shegong.outputs import render

ENGINE = re.compile(r"/|duckdb|IO Error|Catalog|Error:|Traceback|chromium|kaleido|BROWSER_PATH", re.I)


def texts(at: AppTest) -> str:
    parts = []
    for kind in ("title", "markdown", "caption", "info", "warning", "error", "success", "code", "exception"):
        parts += [str(getattr(e, "value", "") or getattr(e, "message", "")) for e in getattr(at, kind)]
    return "\n".join(parts)


@pytest.mark.parametrize("kind", ["missing", "damaged"])
def test_a_broken_warehouse_shows_no_path_or_engine_text_in_public(tmp_path, monkeypatch, kind):
    path = tmp_path / "secret-folder" / "warehouse.duckdb"
    if kind == "damaged":
        path.parent.mkdir()
        path.write_bytes(b"not a database" * 1000)
    monkeypatch.setenv("SHEGONG_WAREHOUSE", str(path))
    monkeypatch.setenv("SHEGONG_PUBLIC", "0")
    inside = texts(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run())
    assert "secret-folder" in inside  # outside public mode the operator is told where (so the check can fail)
    monkeypatch.setenv("SHEGONG_PUBLIC", "1")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    shown = texts(at)
    assert at.title[0].value == "社工站数据看板暂时无法显示数据"
    assert "secret-folder" not in shown and not ENGINE.findall(shown.replace("`make build`", "")), shown


def test_a_report_that_cannot_render_says_so_plainly_in_public(warehouse, monkeypatch):
    """The image renderer's browser is missing: leaders see why, the public a sentence."""
    monkeypatch.setenv("SHEGONG_WAREHOUSE", str(warehouse))
    monkeypatch.setenv("SHEGONG_PUBLIC_DEMO", "1")  # the session's warehouse has demo records
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/secret/chromium")
    import shegong.ui.app

    # AppTest resets Streamlit's pages-directory flag on every run, so page_setup() would rerun and swallow the
    # click (as tests/app/test_report.py does)
    monkeypatch.setattr(shegong.ui.app, "page_setup", lambda: None)
    seen = {}
    for public in ("0", "1"):
        monkeypatch.setenv("SHEGONG_PUBLIC", public)
        render.RENDERER.stop()  # the next image starts the renderer afresh, with the missing browser
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
        at.switch_page("pages/report.py").run()
        at.multiselect(key="report_charts").set_value(["province.progress"])
        at.multiselect(key="report_provinces").set_value(["410000"])
        at.run()
        at.button(key="make").click().run()
        assert not at.exception, [e.message for e in at.exception]
        seen[public] = [e.value for e in at.error]
    render.RENDERER.stop()
    assert seen["0"] and "/nonexistent/secret/chromium" in seen["0"][0]
    assert seen["1"] == ["报告暂时无法生成，请稍后再试。"]
