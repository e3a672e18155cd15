"""The page as a screen reader gets it: each chart's text alternative (title and latest numbers) beside it."""
from shegong import catalog, i18n
from tests.pagetools import open_page


def hidden_texts(at) -> list[str]:
    return [h.proto.body for h in at.get("html") if h.proto.body.startswith("<p class='sg-alt'>")]


def test_overview_charts_have_their_text_alternative_with_the_latest_numbers(warehouse):
    at = open_page()
    i18n.set_language("zh")
    texts = hidden_texts(at)
    for chart_id in ("overview.map", "overview.bars"):
        alt = catalog.build(chart_id, indicator="stations_built").alt
        assert "515个（2021年12月8日）" in alt
        assert any(alt in t for t in texts), (alt, texts)


def test_english_page_has_english_text_alternatives(warehouse):
    at = open_page(lang="en")
    texts = hidden_texts(at)
    assert len(texts) == 2
    assert all("Latest figures: " in t and "515 (8 Dec 2021)" in t for t in texts)
    i18n.set_language("zh")
