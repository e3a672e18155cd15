"""The project's one vocabulary: codes of the provinces compared, qualifiers, and the coded values of records.

Each coded value is stored in English (the warehouse, files, URLs) and shown in Chinese (t() gives English back).
Importers also accept the older or looser wordings in QUALIFIER_ALIASES.
"""
from __future__ import annotations

NATION = "100000"
# The four provinces the dashboard compares, in display order.
PROVINCES = ("410000", "130000", "640000", "110000")
SHORT_NAMES = {"410000": "河南", "130000": "河北", "640000": "宁夏", "110000": "北京", NATION: "全国"}

# 余/超过/多 in a source = a lower bound; 约 = approximate
QUALIFIERS = ("exact", "approx", "at_least")
QUALIFIER_WORD = {"exact": "确数", "approx": "约数", "at_least": "下限（余/超过/多）", "at_most": "上限（计算所得）"}
QUALIFIER_PREFIX = {"exact": "", "approx": "约", "at_least": "≥", "at_most": "≤"}  # at_most: computed only
QUALIFIER_PREFIX_EN = {"exact": "", "approx": "≈", "at_least": "≥", "at_most": "≤"}
QUALIFIER_ALIASES = {  # other words a clerk may write in a 限定 column, and what they mean
    "精确": "exact", "准确": "exact", "约": "approx", "大约": "approx", "左右": "approx", "余": "at_least",
    "多": "at_least", "超过": "at_least", "以上": "at_least", "至少": "at_least", "不少于": "at_least", "下限": "at_least",
    "≥": "at_least", "下限(余/超过/多)": "at_least", "下限(余/超过)": "at_least", "下限（≥）": "at_least",
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
