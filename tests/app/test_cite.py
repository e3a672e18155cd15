"""引用本图 under every chart and table a page draws (ui.app.show): the citation of catalog.cite beside the downloads,
in the page's language (issue 22). The share link needs the browser's address: tests/browser/test_phone_chrome.py."""
import pytest

from tests.pagetools import open_page

PAGES = ["pages/overview.py", "pages/compare.py", "pages/province.py", "pages/funding.py", "pages/beneficiaries.py",
         "pages/sources.py"]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_exhibit_has_its_citation(warehouse, page, lang):
    at = open_page(page, **({"lang": "en"} if lang == "en" else {}))
    labels = [p.proto.popover.label for p in at.get("popover")]
    downloads = labels.count("下载" if lang == "zh" else "Download")
    cite_labels = ("引用本图", "引用本表") if lang == "zh" else ("Cite this chart", "Cite this table")
    cites = [x for x in labels if x in cite_labels]
    assert downloads and len(cites) == downloads, labels
    texts = [c.value for c in at.get("code")]
    assert len(texts) >= downloads
    site, accessed = ("社工站数据看板", "访问于") if lang == "zh" else ("Shegong Dashboard", "accessed ")
    for text in texts:
        assert site in text and accessed in text, text
        assert ("《" in text) == (lang == "zh")
