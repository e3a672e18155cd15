"""指标解释: what the dashboard's words mean (社工站, 驻站社工, 服务对象, 人次, 当年 vs 累计, coverage and its
denominator), and every indicator of data/indicators.csv; plus the one download of all published figures with their
sources and a data dictionary (the sources page offers it)."""
from __future__ import annotations

import pandas as pd

from shegong import i18n
from shegong.i18n import t
from shegong.queries import run
from shegong.schema import header

# the short text: one (term, meaning) a line, Chinese with its English (i18n.add below)
TERMS = (
    ("乡镇(街道)社工站",
     "设在乡镇人民政府或街道办事处、由社会工作者驻站提供服务的社会工作服务站（北京称街道(乡镇)社会工作服务中心）。"
     "社区一级的社工室、示范站等另计，不算在内。"),
    ("驻站社工", "在社工站固定工作的社会工作者，不等于持证社工（通过职业水平考试的人数）或社会工作人才总量。"),
    ("服务对象", "接受社工站服务的人（人数）；同一人多次接受服务只计一次。服务家庭按户计，单列。"),
    ("人次", "服务的次数之和：一人接受三次服务计3人次，所以人次不能与人数相加或比较。"),
    ("当年与累计", "“当年”只计该年内的数量（如2021年新建、当年投入的资金）；“累计”为某一日期以前的总数；"
                  "“时点存量”为某一日期正在运行的数量；“试点”只计试点批次。口径不同的数字不相加、不比较。"),
    ("覆盖率及其分母", "已建社工站的乡镇(街道)÷全部乡镇级行政区划（乡、镇、街道）。来源写明覆盖率时照录；"
                     "否则用同口径的建成数除以乡镇级区划数，并写明分母及其年份（多为较早年份，仅供参考）。"
                     "试点批次的建站数不能折算为覆盖率。"),
    ("≥与约", "“≥”表示原文为“余/超过/多”，是下限；“约”表示约数。计算所得的数字保留3–4位有效数字。"),
    ("截至与距今", "每个数字注明它所指的日期（截至）与距今时间；超过该指标的更新周期仍无新数字的标“较旧”："
                 "每年公布的数字（建站数、资金、服务对象）为1年，较少公布的（持证社工、社会工作人才等）为2年，"
                 "乡镇级区划数为3年，各指标的天数见下表“较旧天数”。"
                 "“数据截至”是最新一条数字的日期，“页面生成于”是页面数据的生成时间，二者不同。"),
)


def terms() -> list[tuple[str, str]]:
    return [(t(term), t(meaning)) for term, meaning in TERMS]


def indicator_table() -> pd.DataFrame:
    """Every indicator as a reader sees it: name, unit and code; the description (written in English in
    data/indicators.csv) on English pages only, so that a Chinese page carries no English prose."""
    df = run("indicator_definitions")
    out = pd.DataFrame({t("指标"): [i18n.pick(z, e) for z, e in zip(df.label_zh, df.label_en)],
                        t("单位"): [i18n.pick(z, e) for z, e in zip(df.unit_zh, df.unit_en)],
                        t("代码"): df["indicator"],
                        t("首页指标"): df["headline"].map({True: t("是"), False: ""}),
                        header("indicators", "stale_after_days"): df["stale_after_days"]})
    if i18n.en():
        out["Description"] = df["description"].fillna("")
    return out


# --- the one download of all published figures ----------------------------------------------------------------------


# what each column of the figures file means (the file's headers are the sources page's, in the page's language)
COLUMN_MEANINGS = (
    ("地区", "数字所属的地区（省、市、县）"), ("指标", "数字计的是什么（见下面的指标）"),
    ("数值", "原文所写的数字，带单位与限定（≥ 下限，约 约数）"), ("单位", "数值的单位"),
    ("限定", "确数、下限（原文“余/超过/多”）或约数"), ("统计口径", "累计、当年、时点存量或试点"),
    ("截至", "数字所指的日期"), ("来源", "公开报道或文件的标题"), ("来源类型", "政府公报、政府文件、官方媒体等"),
    ("发布日期", "来源的发布日期"), ("链接", "来源的网址"), ("说明", "数字的口径说明"),
    ("用于图表", "同一地区、指标、月份有多条时，图表采用的一条"), ("指标代码", "指标在网址与数据文件中的代码"),
    ("数值（数值）", "数值的精确数，可计算（基本单位：个、人、元）"), ("单位（数值）", "上一列的单位"),
)


def all_figures() -> pd.DataFrame:
    """Every published figure with its source, as the sources page shows them, with the indicator code (the data
    files add each figure's exact value beside it)."""
    from shegong.catalog import tables

    raw = run("figures_with_sources", region="", indicator="")
    out = tables.sources_table(raw)
    out.insert(2, t("指标代码"), raw["indicator"].to_numpy())
    return out


def dictionary() -> pd.DataFrame:
    """The data dictionary: each column of the figures file and each indicator, with its meaning."""
    rows = [{t("类别"): t("列"), t("名称"): t(name), t("含义"): t(meaning)} for name, meaning in COLUMN_MEANINGS]
    for r in run("indicator_definitions").itertuples():
        rows.append({t("类别"): t("指标"), t("名称"): r.indicator,
                     t("含义"): f"{r.label_zh} / {r.label_en}（{r.unit_zh}）: {r.description or ''}"})
    return pd.DataFrame(rows)


i18n.add({
    "乡镇(街道)社工站": "Township (street) social work station",
    "设在乡镇人民政府或街道办事处、由社会工作者驻站提供服务的社会工作服务站（北京称街道(乡镇)社会工作服务中心）。"
    "社区一级的社工室、示范站等另计，不算在内。":
        "A social work service station at a township government or street office, with social workers stationed "
        "there (in Beijing: street/township social work service centre). Community-level rooms and demonstration "
        "stations are counted apart.",
    "驻站社工": "Social workers at stations",
    "在社工站固定工作的社会工作者，不等于持证社工（通过职业水平考试的人数）或社会工作人才总量。":
        "Social workers working at a station; not the same as certified social workers (who passed the national "
        "exam) or the total social work workforce.",
    "服务对象": "People served",
    "接受社工站服务的人（人数）；同一人多次接受服务只计一次。服务家庭按户计，单列。":
        "People who received a station's services, each counted once however often served. Households served are "
        "counted apart.",
    "人次": "Person-times",
    "服务的次数之和：一人接受三次服务计3人次，所以人次不能与人数相加或比较。":
        "The number of services: one person served three times counts 3 person-times, so person-times are never "
        "added to or compared with people.",
    "当年与累计": "In the year vs cumulative",
    "“当年”只计该年内的数量（如2021年新建、当年投入的资金）；“累计”为某一日期以前的总数；"
    "“时点存量”为某一日期正在运行的数量；“试点”只计试点批次。口径不同的数字不相加、不比较。":
        "“Annual” counts only that year (stations built in 2021, money spent that year); “cumulative” is the total "
        "up to a date; “stock” is what operates on a date; “pilot” counts a pilot batch only. Figures of different "
        "scope are never added or compared.",
    "覆盖率及其分母": "Coverage and its denominator",
    "已建社工站的乡镇(街道)÷全部乡镇级行政区划（乡、镇、街道）。来源写明覆盖率时照录；"
    "否则用同口径的建成数除以乡镇级区划数，并写明分母及其年份（多为较早年份，仅供参考）。"
    "试点批次的建站数不能折算为覆盖率。":
        "Township-level units with a station ÷ all township-level units (townships, towns, streets). A coverage the "
        "source states is given as stated; otherwise stations built (same scope) ÷ township-level units, naming the "
        "denominator and its year (often older: indicative only). A pilot batch's station count is never turned "
        "into coverage.",
    "≥与约": "≥ and ≈",
    "“≥”表示原文为“余/超过/多”，是下限；“约”表示约数。计算所得的数字保留3–4位有效数字。":
        "“≥” marks a lower bound (“more than” in the source); “≈” an approximate figure. Computed numbers are shown "
        "to 3–4 significant digits.",
    "截至与距今": "As of, and age",
    "每个数字注明它所指的日期（截至）与距今时间；超过该指标的更新周期仍无新数字的标“较旧”："
    "每年公布的数字（建站数、资金、服务对象）为1年，较少公布的（持证社工、社会工作人才等）为2年，"
    "乡镇级区划数为3年，各指标的天数见下表“较旧天数”。"
    "“数据截至”是最新一条数字的日期，“页面生成于”是页面数据的生成时间，二者不同。":
        "Each figure gives the date it refers to and its age; a figure older than its indicator's update cycle is "
        "marked old: a year for figures published yearly (stations, money, people served), two years for those "
        "published less often (certified social workers, the social work workforce), three for the count of "
        "township-level units; each indicator's days are in the column “Stale after (days)” below. “Data as of” "
        "is the newest figure's date, “page built” when the page's data was built: they differ.",
    "代码": "Code", "首页指标": "Headline", "数据字典": "Data dictionary", "类别": "Kind", "名称": "Name",
    "指标代码": "Indicator code",
    "数字所属的地区（省、市、县）": "the region of the figure (province, prefecture, county)",
    "数字计的是什么（见下面的指标）": "what the figure counts (see the indicators below)",
    "原文所写的数字，带单位与限定（≥ 下限，约 约数）":
        "the figure as written, with unit and qualifier (≥ lower bound, ≈ approximate)",
    "数值的单位": "unit of the value",
    "确数、下限（原文“余/超过/多”）或约数": "exact, lower bound (“more than”) or approximate",
    "累计、当年、时点存量或试点": "cumulative, annual, stock or pilot",
    "数字所指的日期": "the date the figure refers to",
    "公开报道或文件的标题": "title of the report or document",
    "政府公报、政府文件、官方媒体等": "government bulletin, document, official media …",
    "来源的发布日期": "when the source was published", "来源的网址": "address of the source",
    "数字的口径说明": "what exactly the figure counts", "同一地区、指标、月份有多条时，图表采用的一条":
        "where several figures share region, indicator and month, the one the charts use",
    "指标在网址与数据文件中的代码": "the indicator's code in URLs and data files",
    "数值的精确数，可计算（基本单位：个、人、元）": "the exact value, for computing (base units: count, persons, yuan)",
    "上一列的单位": "the unit of the previous column",
})
