"""本期要点 at the top of 总览 (the nation and each compared province, a tab each) and of 省份详情 (issue 23)."""
import pytest

from shegong import i18n, vocab
from shegong.catalog import brief as catalog_brief
from tests.pagetools import open_page


def markdowns(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def unescaped(text: str) -> str:
    return text.replace("\\", "")


@pytest.fixture(scope="module")
def overview(warehouse):
    return open_page()


def test_overview_opens_with_the_brief_of_the_nation_and_each_province(overview):
    assert overview.subheader[0].value == "本期要点"
    assert [tab.label for tab in overview.tabs][:5] == ["全国", "河南省", "河北省", "宁夏回族自治区", "北京市"]
    shown = unescaped(markdowns(overview))
    i18n.set_language("zh")
    for code in (vocab.NATION, *vocab.provinces()):
        first = catalog_brief.brief(code).statements[0]
        assert f"1. {first.text} {first.cite()}".rstrip() in shown


def test_province_page_opens_with_its_brief_in_english(warehouse):
    at = open_page("pages/province.py", province="130000", lang="en")
    assert at.subheader[0].value == "Key points"
    i18n.set_language("en")
    try:
        brief = catalog_brief.brief("130000")
    finally:
        i18n.set_language("zh")
    shown = unescaped(markdowns(at))
    assert all(s.text in shown for s in brief.statements)
    assert "[DEMO DATA]" in shown  # internal mode: the registers, labelled
