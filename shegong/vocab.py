"""The project's one vocabulary: codes of the provinces compared, qualifiers, and the coded values of records.

Each coded value is stored in English (the warehouse, files, URLs) and shown in Chinese (t() gives English back).
Importers also accept the older or looser wordings in QUALIFIER_ALIASES.
"""
from __future__ import annotations

import csv
import functools
import re

from shegong import config, i18n

NATION = "100000"
# Okabe–Ito colours (colour-blind safe), given to the compared provinces in their order; more than eight repeat.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
_SUFFIX = re.compile(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")


@functools.cache
def _regions() -> dict[str, tuple[str, str]]:
    """code → (name, level) from data/regions.csv (read once: it changes only with `derive-geo`)."""
    with open(config.DATA_DIR / "regions.csv", encoding="utf-8", newline="") as f:
        return {r["code"]: (r["name"], r["level"]) for r in csv.DictReader(f)}


def provinces() -> tuple[str, ...]:
    """The provinces compared (SHEGONG_PROVINCES, in display order), each checked against data/regions.csv."""
    codes = config.provinces()
    regions = _regions()
    bad = [c for c in codes if regions.get(c, ("", ""))[1] != "province"]
    if bad:
        raise ValueError(f"SHEGONG_PROVINCES: {', '.join(bad)} is not a province in data/regions.csv")
    return codes


def short_name(code: str) -> str:
    """The short Chinese name of a province or the nation (河南省 → 河南, 宁夏回族自治区 → 宁夏);
    others as in regions.csv."""
    if code == NATION:
        return "全国"
    name, level = _regions().get(code, (code, ""))
    return _SUFFIX.sub("", name) if level == "province" else name


def province_colour(code: str) -> str:
    """A province's colour on every chart: the palette in the order of provinces() (grey for others)."""
    order = provinces()
    return PALETTE[order.index(code) % len(PALETTE)] if code in order else "#999999"


def places_phrase(codes=None) -> str:
    """The compared provinces in words, in the current language:
    河南、河北、宁夏、北京 / Henan, Hebei, Ningxia and Beijing.

    Titles and captions use this (or provinces_count) instead of writing how many provinces there are."""
    codes = list(provinces() if codes is None else codes)
    names = [i18n.short_place(c, short_name(c)) for c in codes]
    if i18n.en() and len(names) > 1:
        return ", ".join(names[:-1]) + " and " + names[-1]
    return i18n.join(names)


def provinces_count(codes=None) -> str:
    """How many provinces, as a title says it: 5省 / 5 provinces."""
    n = len(provinces() if codes is None else codes)
    return (f"{n} province" + ("s" if n != 1 else "")) if i18n.en() else f"{n}省"

# 余/超过/多 in a source = a lower bound; 约 = approximate
QUALIFIERS = ("exact", "approx", "at_least")
QUALIFIER_WORD = {"exact": "确数", "approx": "约数", "at_least": "下限（余/超过/多）", "at_most": "上限（计算所得）"}
QUALIFIER_PREFIX = {"exact": "", "approx": "约", "at_least": "≥", "at_most": "≤"}  # at_most: computed only
QUALIFIER_PREFIX_EN = {"exact": "", "approx": "≈", "at_least": "≥", "at_most": "≤"}
QUALIFIER_ALIASES = {  # other words a clerk may write in a 限定 column, and what they mean
    "精确": "exact", "准确": "exact", "约": "approx", "大约": "approx", "左右": "approx", "余": "at_least",
    "多": "at_least", "超过": "at_least", "以上": "at_least", "至少": "at_least", "不少于": "at_least",
    "下限": "at_least", "≥": "at_least", "下限(余/超过/多)": "at_least", "下限(余/超过)": "at_least",
    "下限（≥）": "at_least",
    "至少（余/超过/多）": "at_least",
}

# What a figure counts (data/README.md): figures of different scope are never joined on a chart or compared alike.
SCOPES = ("cumulative", "annual", "stock", "pilot")
SCOPE_WORD = {"cumulative": "累计", "annual": "当年", "stock": "时点存量", "pilot": "试点"}
SCOPE_ALIASES = {"年度": "annual", "全年": "annual", "存量": "stock", "时点": "stock"}

# What kind of publication a source is (data/sources.csv `kind`), shown where a figure is cited
SOURCE_KIND = {"gov_bulletin": "政府公报", "gov_document": "政府文件", "official_media": "官方媒体",
               "other_media": "其他媒体", "repost": "转载"}

STATUS = {"planned": "筹建", "pilot": "试点", "operating": "运营", "suspended": "暂停", "closed": "关闭"}
FUND_SOURCE = {"fiscal": "财政", "lottery": "福彩公益金", "social": "社会资金", "other": "其他"}
CATEGORY = {"subsistence": "低保对象", "extreme_poverty": "特困人员", "left_behind_children": "留守儿童",
            "children_in_difficulty": "困境儿童", "elderly": "老年人", "disabled": "残疾人", "other": "其他"}
SERVICE_TYPE = {"visit": "探访", "casework": "个案", "group": "小组", "community": "社区活动", "training": "培训",
                "other": "其他"}
LEVELS = ("nation", "province", "prefecture", "county")
