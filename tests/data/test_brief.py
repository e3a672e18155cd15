"""本期要点 (issue 23): every number a statement states is a figure it cites, as the one formatter shows it and as
data/ holds it (value, qualifier, scope, date, source); every statement names its sources; a new published figure
changes the brief; public mode states nothing from demo records."""
import csv
import re
import shutil
from decimal import Decimal

import pytest

from shegong import fmt, i18n, vocab
from shegong.catalog import brief as catalog_brief
from shegong.config import DATA_DIR
from shegong.ingest.build import build

CODES = (vocab.NATION, *vocab.provinces())  # the nation and the compared provinces
LANGS = ("zh", "en")
SCOPE_WORDS = {"zh": {"cumulative": "累计", "annual": "当年", "pilot": "试点"},
               "en": {"cumulative": "cumulative", "annual": "that year", "pilot": "pilot"}}


def rows(name: str) -> list[dict]:
    with open(DATA_DIR / name, encoding="utf-8") as f:
        return list(csv.DictReader(f))


FIGURES, TARGETS = rows("figures.csv"), rows("targets.csv")
SOURCES = {r["source_id"]: r for r in rows("sources.csv")}


@pytest.fixture(params=LANGS)
def lang(request):
    i18n.set_language(request.param)
    yield request.param
    i18n.set_language("zh")


def published_row(code: str, c) -> dict | None:
    """The row of data/ a cited figure is: same region, indicator, value, qualifier, scope, date and source."""
    if c.scope == "target":
        return next((r for r in TARGETS if r["indicator"] == c.indicator and float(r["value"]) == c.value
                     and r["source_id"] == c.source_id and r["region_code"] in (code, "100000")), None)
    return next((r for r in FIGURES if r["region_code"] == code and r["indicator"] == c.indicator
                 and float(r["value"]) == c.value and r["qualifier"] == c.qualifier and r["scope"] == c.scope
                 and r["as_of"] == c.as_of and r["source_id"] == c.source_id), None)


def untraced(statement) -> str:
    """The statement with every cited figure and every date or quoted wording taken out: what is left has no digit."""
    text = statement.text
    for part in sorted([c.shown for c in statement.figures] + statement.spans, key=len, reverse=True):
        text = text.replace(part, "")
    return text


@pytest.mark.parametrize("code", CODES)
def test_every_number_is_a_cited_figure(warehouse, code, lang):
    brief = catalog_brief.brief(code)
    assert brief.statements
    for s in brief.statements:
        assert not re.search(r"\d", untraced(s)), (s.text, untraced(s))
        for c in s.figures:
            assert c.shown in s.text, (c.shown, s.text)
            parsed = fmt.parse(c.formatted)
            assert parsed is not None, c.formatted
            value, unit, qualifier = parsed
            shown_unit = fmt.parse(fmt.number(1, c.unit))[1]  # English writes no word for 个
            assert (unit, qualifier) == (shown_unit, c.qualifier) and (lang == "en" or unit == c.unit), (c, parsed)
            assert c.formatted in c.shown or c.shown in c.formatted or c.scope == "target", (c.formatted, c.shown)
            if c.computed:  # shown to 3–4 significant digits, and on the safe side of a bound
                assert float(value) == pytest.approx(c.value, rel=0.01, abs=0.05), c
            else:
                assert value == Decimal(repr(c.value)).quantize(Decimal("0.01")), c
                if not s.demo:
                    assert published_row(code, c), f"{c} is not a row of data/"


@pytest.mark.parametrize("code", CODES)
def test_every_statement_names_its_sources(warehouse, code, lang):
    brief = catalog_brief.brief(code)
    refs = {r.number: r for r in brief.references}
    assert [r.number for r in brief.references] == list(range(1, len(refs) + 1))
    for s in brief.statements:
        if s.topic == "missing":
            assert not s.figures
            continue
        assert s.refs and all(n in refs for n in s.refs), s
        cited_sources = {refs[n].source_id for n in s.refs}
        assert {c.source_id for c in s.figures if c.source_id} <= cited_sources
        if not s.demo:
            for n in s.refs:
                source = SOURCES[refs[n].source_id]
                assert refs[n].title == (source["title_en"] if lang == "en" else source["title"])
                assert refs[n].url == source["url"]
    md = brief.markdown()
    for s in brief.statements:  # one list item each, ending with its references
        assert f"- {s.text} {s.cite()}".rstrip() + "\n" in md


@pytest.mark.parametrize("code", CODES)
def test_money_and_people_say_their_scope(warehouse, code, lang):
    for s in catalog_brief.brief(code).statements:
        if s.topic in ("funding", "served", "workers"):
            for c in s.figures:
                if c.scope in SCOPE_WORDS[lang]:
                    assert SCOPE_WORDS[lang][c.scope] in s.text.lower(), (c.scope, s.text)


def test_henan_in_the_words_of_a_bulletin(warehouse):
    i18n.set_language("zh")
    texts = [s.text for s in catalog_brief.brief("410000").statements]
    assert texts[0] == "截至2021年12月8日，河南省已建成乡镇(街道)社工站515个，按2011年12月31日乡镇级区划数2,381个计，覆盖21.6%。"
    assert any("累计投入社工站及社工服务项目资金8,946.66万元" in x and "≥5,500万元（试点口径）" in x for x in texts)
    assert "未见公开的服务对象数字。" in texts
    # the verdict is the province page's, word for word
    from shegong.catalog import province
    verdict = next(item.text for item in province.progress("410000") if item.goal is not None)
    assert any(x.endswith(verdict) for x in texts)


def test_two_lower_bounds_give_no_increase(warehouse, lang):
    stations = catalog_brief.brief("100000").statements[0]
    assert any(c.shown in ("≥1.7万个", "≥17,000") for c in stations.figures)
    assert not any(c.computed and c.indicator == "stations_built" for c in stations.figures)
    assert ("两数均为下限" if lang == "zh" else "both are lower bounds") in stations.text


def test_internal_mode_labels_register_statements_as_demo(warehouse, monkeypatch):
    monkeypatch.delenv("SHEGONG_PUBLIC", raising=False)
    i18n.set_language("zh")
    demo = [s for s in catalog_brief.brief("410000").statements if s.demo]
    assert demo and all(s.text.startswith("【演示数据】") for s in demo)


@pytest.mark.parametrize("code", CODES)
def test_public_mode_states_nothing_from_demo_records(warehouse, monkeypatch, code, lang):
    monkeypatch.setenv("SHEGONG_PUBLIC", "1")
    brief = catalog_brief.brief(code)
    assert not any(s.demo or s.topic == "registers" for s in brief.statements)
    md = brief.markdown()
    assert "演示" not in md and not re.search(r"\bdemo\b", md, re.IGNORECASE)  # (a 示范站 is a "demonstration station")


@pytest.fixture
def later_henan(tmp_path, monkeypatch):
    """A copy of data/ with a later Henan station count from a new source, and a later pilot count (another scope)."""
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("*.duckdb", "*.imports", "demo"))
    with open(data / "sources.csv", "a", encoding="utf-8", newline="") as f:
        csv.writer(f).writerow(["S901", "河南省民政厅关于乡镇(街道)社工站建设情况的通报", "Henan station building report",
                                "河南省民政厅", "Henan Department of Civil Affairs", "gov_bulletin", "2023-07-05",
                                "https://mzt.henan.gov.cn/example", ""])
    with open(data / "figures.csv", "a", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["410000", "stations_built", "2000", "exact", "2023-06-30", "stock", "S901",
                    "全省建成运行的乡镇(街道)社工站数。", "Stations built and operating.", ""])
        w.writerow(["410000", "stations_built", "3000", "exact", "2023-12-31", "pilot", "S901",
                    "试点建设的社工站数。", "Stations built in a pilot.", ""])
    path = tmp_path / "later.duckdb"
    build(path, data, None, imports=tmp_path / "no-imports")
    monkeypatch.setenv("SHEGONG_WAREHOUSE", str(path))
    return path


def test_a_new_figure_changes_the_brief(later_henan):
    i18n.set_language("zh")
    brief = catalog_brief.brief("410000")
    stations = brief.statements[0]
    assert "截至2023年6月30日，河南省已建成乡镇(街道)社工站2,000个" in stations.text
    assert "较2021年12月8日（515个）增加1,485个" in stations.text
    assert "2,485" not in stations.text and "试点建设乡镇(街道)社工站3,000个（试点口径" in stations.text
    delta = next(c for c in stations.figures if c.computed and c.indicator == "stations_built")
    assert (delta.value, delta.scope, delta.qualifier) == (1485, "stock", "exact")
    assert "河南省民政厅关于乡镇(街道)社工站建设情况的通报" in brief.markdown()
    i18n.set_language("en")
    try:
        assert "up 1,485 from 515 (8 Dec 2021)" in catalog_brief.brief("410000").statements[0].text
    finally:
        i18n.set_language("zh")
