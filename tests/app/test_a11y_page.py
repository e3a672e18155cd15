"""The page as a screen reader gets it: each chart's text alternative (title and latest numbers) beside it."""
from shegong import catalog, i18n
from tests.pagetools import open_page


def hidden_texts(at) -> list[str]:
    return [h.proto.body for h in at.get("html") if h.proto.body.startswith("<p class='sg-alt'>")]


def test_overview_charts_have_their_text_alternative_with_the_latest_numbers(warehouse):
    at = open_page(indicator="stations_built")
    i18n.set_language("zh")
    texts = hidden_texts(at)
    headline = catalog.build("overview.progress").alt
    assert "21.6%" in headline and "126个" in headline and "暂无公开数字" in headline
    assert any(headline in t for t in texts)
    for chart_id in ("overview.map", "overview.bars"):
        alt = catalog.build(chart_id, indicator="stations_built").alt
        assert "515个（2021年12月8日）" in alt
        assert any(alt in t for t in texts), (alt, texts)


def test_english_page_has_english_text_alternatives(warehouse):
    at = open_page(lang="en", indicator="stations_built")
    texts = hidden_texts(at)
    assert len(texts) == 3  # the headline, the map, the comparison
    assert texts[0].count("Henan") == 1 and "21.6% (8 Dec 2021, about" in texts[0]
    assert all("Latest figures: " in t and "515 (8 Dec 2021)" in t for t in texts[1:])
    i18n.set_language("zh")
