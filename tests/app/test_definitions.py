"""指标解释, the download of all published figures, and the operator's feedback line (issue 22)."""
import io

import openpyxl
import pandas as pd

from shegong.catalog import definitions
from shegong.outputs import allfigures
from tests.pagetools import captions, open_page


def test_definitions_page_says_what_each_word_means(warehouse):
    at = open_page("pages/definitions.py")
    assert at.title[0].value == "指标解释"
    text = " ".join(m.value for m in at.markdown)
    for term in ("**乡镇(街道)社工站**", "**驻站社工**", "**服务对象**", "**人次**", "**当年与累计**",
                 "**覆盖率及其分母**"):
        assert term in text
    table = at.dataframe[0].value
    assert "乡镇(街道)社工站" in set(table["指标"]) and "stations_built" in set(table["代码"])
    assert "Description" not in table.columns  # the English descriptions only on English pages
    english = open_page("pages/definitions.py", lang="en")
    assert "Township/street social work stations built" in " ".join(english.dataframe[0].value["Description"])


def test_every_chart_links_to_the_definitions(warehouse):
    at = open_page()
    assert captions(at).count("[指标解释](definitions)") >= 2


def test_sources_page_offers_all_figures_with_a_dictionary_in_csv_and_xlsx(warehouse):
    at = open_page("pages/sources.py")
    labels = [b.proto.label for b in at.get("download_button")]
    assert {"全部公开数字（CSV）", "数据字典（CSV）", "全部公开数字与数据字典（XLSX）"} <= set(labels)
    figures = pd.read_csv(io.BytesIO(allfigures.figures_csv()), encoding="utf-8-sig")
    assert len(figures) == len(definitions.run("figures_with_sources", region="", indicator=""))
    henan = figures[(figures["地区"] == "河南省") & (figures["指标代码"] == "stations_built")]
    assert "515个" in set(henan["数值"]) and henan["来源"].notna().all()
    book = openpyxl.load_workbook(io.BytesIO(allfigures.figures_xlsx()), read_only=True)
    assert book.sheetnames == ["数据", "说明", "数据字典"]
    names = {row[1] for row in book["数据字典"].iter_rows(values_only=True)}
    assert {"来源", "统计口径", "stations_built", "township_level_units"} <= names


def test_feedback_line_in_the_footer_when_the_operator_sets_one(warehouse, monkeypatch):
    monkeypatch.setenv("SHEGONG_FEEDBACK", "shegong@example.org")
    at = open_page("pages/sources.py")
    footer = [h.proto.body for h in at.get("html") if "sg-feedback" in h.proto.body]
    assert footer and 'href="mailto:shegong@example.org"' in footer[0] and "纠错/联系：" in footer[0]
    monkeypatch.setenv("SHEGONG_FEEDBACK", "<script>x</script>")
    at = open_page("pages/sources.py")
    footer = [h.proto.body for h in at.get("html") if "sg-feedback" in h.proto.body]
    assert "<script>" not in footer[0] and "&lt;script&gt;" in footer[0] and "href" not in footer[0]
    monkeypatch.delenv("SHEGONG_FEEDBACK")
    assert not [h for h in open_page("pages/sources.py").get("html") if "sg-feedback" in h.proto.body]
