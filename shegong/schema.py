"""The one declaration of every table's columns: the published-data files of data/ (regions, sources, indicators,
figures, targets) and the record tables (station registers, funding, monthly service records, and the published
figures an import adds).

Each column carries its name, its Chinese header (and other headers a clerk may write), its English header, its
type, the rules its text must pass, and its meaning in Chinese and English. This one declaration drives the build's
checks (shegong.ingest.validate for data/, shegong.ingest.columns for the records), the import and its XLSX templates
(shegong.ingest.importer, templates), the warehouse's tables (`ddl`), the headers of tables on the pages and in data
files (`header`), and the column tables of data/README.md (`python -m shegong.ingest.columns`; tests/unit/
test_columns.py checks they agree). It is plain data, so every layer may read it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from shegong import i18n
from shegong.vocab import (
    CATEGORY,
    FUND_SOURCE,
    QUALIFIER_WORD,
    QUALIFIERS,
    SCOPE_WORD,
    SERVICE_TYPE,
    STATUS,
)

WRITTEN_QUALIFIERS = {q: QUALIFIER_WORD[q] for q in QUALIFIERS}  # what a source can say (≤ is only computed)


class DataError(Exception):
    """Bad input, with every problem as `file:row:column: what is wrong` (str() gives one a line): the one error the
    build's checks, the import and the demo calibration raise."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


MAX_PROBLEMS = 50
PLACEHOLDER = re.compile(r"\bv\b")  # the cell in a rule's SQL condition


class Rule(NamedTuple):
    """SQL condition TRUE for a bad cell `v` (the cell as VARCHAR) and the message; when `sql` the message is itself
    an SQL expression of `v` (e.g. to name the level of a code)."""

    cond: str
    msg: str
    sql: bool = False


def _in(values) -> str:
    return "(" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + ")"


@dataclass(frozen=True)
class Column:
    """One column of a record table: how it is stored, read, checked and explained."""

    name: str
    type: str  # SQL type in the warehouse
    rules: tuple[Rule, ...]
    required: bool = True  # a value in every row
    zh: str = ""  # the Chinese header (templates, the admin page's preview, tables on the pages)
    en: str = ""  # its English (tables on the pages in English)
    aliases: tuple[str, ...] = ()  # other headers accepted in an import
    kind: str = "text"  # how an import reads the text: text code int amount float date month year asof region
    # indicator url bool, or "values" (one of `values`, by code or Chinese name)
    unit: str = ""
    values: dict | None = None  # allowed values: code → Chinese name (shegong.vocab)
    about_zh: str = ""
    about_en: str = ""
    example: str = ""
    in_file: bool | None = None  # must an imported file have this column (default: required)

    @property
    def needed(self) -> bool:
        return self.required if self.in_file is None else self.in_file


def _required(name, type_, *rules, **kw):
    return Column(name, type_, (Rule("v IS NULL OR trim(v) = ''", "is empty"),)
                  + tuple(Rule(f"v IS NOT NULL AND trim(v) <> '' AND ({r[0]})", *r[1:]) for r in rules), **kw)


def _optional(name, type_, *rules, **kw):
    return Column(name, type_, tuple(Rule(f"v IS NOT NULL AND trim(v) <> '' AND ({r[0]})", *r[1:]) for r in rules),
                  required=False, **kw)


LEVEL_NAMES = {"nation": "the nation", "province": "a province", "prefecture": "a prefecture", "county": "a county"}
DATE_HELP = "YYYY-MM-DD、YYYY/MM/DD 或 2021年12月8日"
WHOLE = ("TRY_CAST(v AS BIGINT) IS NULL OR TRY_CAST(v AS BIGINT) < 0", "is not a whole number ≥ 0")
AMOUNT = ("TRY_CAST(v AS DOUBLE) IS NULL OR TRY_CAST(v AS DOUBLE) < 0 OR isnan(TRY_CAST(v AS DOUBLE))",
          "is not an amount ≥ 0")
DATE = ("TRY_CAST(v AS DATE) IS NULL", "is not a date (" + DATE_HELP + ")")
MONTH = ("NOT regexp_full_match(v, '\\d{4}-(0[1-9]|1[0-2])')", "is not a month (YYYY-MM or 2021年12月, month 1–12)")
YEAR = ("TRY_CAST(v AS INTEGER) IS NULL OR TRY_CAST(v AS INTEGER) NOT BETWEEN 2000 AND 2100",
        "is not a year between 2000 and 2100")
BOOL = ("lower(v) NOT IN ('true', 'false', '1', '0')", "is not true or false")
CODE = ("v NOT IN (SELECT code FROM regions)", "is not a region code (GB/T 2260, see data/regions.csv)")
NOT_COUNTY = ("v IN (SELECT code FROM regions WHERE level <> 'county')",
              "v || ' is ' || CASE (SELECT level FROM regions r WHERE r.code = v) "
              + " ".join(f"WHEN '{k}' THEN '{w}'" for k, w in LEVEL_NAMES.items())
              + " END || ' (' || (SELECT name FROM regions r WHERE r.code = v) || '), not a county'", True)
LON = ("TRY_CAST(v AS DOUBLE) IS NULL OR TRY_CAST(v AS DOUBLE) NOT BETWEEN 73 AND 136",
       "is not a longitude inside China (73–136)")
LAT = ("TRY_CAST(v AS DOUBLE) IS NULL OR TRY_CAST(v AS DOUBLE) NOT BETWEEN 3 AND 54",
       "is not a latitude inside China (3–54)")
STATION = ("v NOT IN (SELECT station_id FROM stations)",
           "is not a known station; import it in the stations table first")
AS_OF = ("NOT (regexp_full_match(v, '\\d{4}(-\\d{2}(-\\d{2})?)?') AND TRY_CAST(substr(v || '-01-01', 1, 10) AS DATE) "
         "IS NOT NULL AND substr(v, 1, 4)::INTEGER BETWEEN 1949 AND 2100)",
         "is not a date (2021, 2021-12 or 2021-12-08)")


def one_of(values: dict | tuple) -> tuple[str, str]:
    """The cell must be one of the codes; the message lists the Chinese names too."""
    if isinstance(values, dict):
        return f"v NOT IN {_in(values)}", "is not one of " + "、".join(values.values()) + " (" + ", ".join(values) + ")"
    return f"v NOT IN {_in(values)}", "is not one of " + ", ".join(values)


def _values(values: dict) -> dict:
    return {"kind": "values", "values": values}


TABLES: dict[str, tuple[Column, ...]] = {
    "stations": (
        _required("station_id", "VARCHAR", zh="站点编号", en="Station ID", example="ZN-0001",
                  about_zh="站点的唯一编号，自行编制，同一文件内不得重复", about_en="unique text id of your choosing"),
        _required("name", "VARCHAR", zh="站点名称", en="Name", example="中宁县宁安镇社会工作服务站",
                  about_zh="站点全称", about_en="station name"),
        _required("county_code", "VARCHAR", CODE, NOT_COUNTY, zh="县区代码", en="County code", kind="code",
                  example="640521",
                  about_zh="所在县级行政区的6位代码(GB/T 2260)，须是县级，不能是省或市",
                  about_en="county-level GB/T 2260 code (must be a county in regions.csv)"),
        _required("township", "VARCHAR", zh="乡镇街道", en="Township", example="宁安镇", about_zh="所在乡镇或街道",
                  about_en="township / town / street (乡镇街道)"),
        _required("status", "VARCHAR", one_of(STATUS), zh="状态", en="Status", **_values(STATUS), example="运营",
                  about_zh="筹建、试点、运营、暂停或关闭（填写时的状态）", about_en="status as of the file's date"),
        _optional("opened_on", "DATE", DATE, zh="建成日期", en="Opened", kind="date", example="2021年12月8日",
                  about_zh=DATE_HELP + "；筹建中可空", about_en="date the station opened (empty while planned)"),
        _required("social_workers", "INTEGER", WHOLE, zh="驻站社工人数", en="Social workers", kind="int", unit="人",
                  example="3",
                  about_zh="驻站社工人数，整数，不小于0", about_en="social workers posted to the station (驻站社工), "
                                                            "whole number ≥ 0"),
        _optional("operator", "VARCHAR", zh="运营机构", en="Operator", example="中宁县某社会工作服务中心",
                  about_zh="承接运营的社工机构，可空", about_en="the agency running it (运营机构)"),
        _optional("lon", "DOUBLE", LON, zh="经度", en="Longitude", kind="float", unit="°", example="105.6852",
                  about_zh="高德(GCJ-02)经度，须在所在省内；可空",
                  about_en="longitude in GCJ-02 (AMap) coordinates, inside the county's province"),
        Column("lat", "DOUBLE", (Rule("v IS NOT NULL AND trim(v) <> '' AND (" + LAT[0] + ")", LAT[1]),
                                 Rule("(v IS NULL OR trim(v) = '') <> (lon IS NULL OR trim(lon) = '')",
                                      "lon and lat go together: give both or neither")),
               required=False, zh="纬度", en="Latitude", kind="float", unit="°", example="37.4912",
               about_zh="高德(GCJ-02)纬度，须在所在省内；可空",
               about_en="latitude in GCJ-02 (AMap); convert GPS (WGS84) or Baidu (BD-09) points first"),
        _required("is_demo", "BOOLEAN", BOOL, kind="bool", about_zh="演示数据为 true", about_en="true for demo rows"),
    ),
    "funding": (
        _required("region_code", "VARCHAR", CODE, zh="地区代码", aliases=("地区",), kind="code", example="410000",
                  about_zh="县、市或省的6位代码", about_en="any GB/T 2260 code (county, prefecture or province)"),
        _required("year", "INTEGER", YEAR, zh="年度", kind="year", example="2021", about_zh="2000—2100",
                  about_en="2000–2100"),
        _required("program", "VARCHAR", zh="项目", example="乡镇(街道)社工站建设",
                  about_zh="如 乡镇(街道)社工站建设、三区计划",
                  about_en="e.g. 乡镇(街道)社工站建设, 三区计划, 灾后社会工作服务项目"),
        _required("source", "VARCHAR", one_of(FUND_SOURCE), zh="资金来源", **_values(FUND_SOURCE), example="财政",
                  about_zh="财政、福彩公益金、社会资金或其他", about_en="source of the money"),
        _required("amount_cny", "DOUBLE", AMOUNT, zh="金额(元)", aliases=("金额", "金额元"), kind="amount", unit="元",
                  example="8946.66万", about_zh="元；可写 8946.66万、1.2亿、1,800,000；写“余/超过/约”会设定限定",
                  about_en="yuan, ≥ 0 (an import reads 万/亿; 余/超过/约 set the qualifier)"),
        _required("qualifier", "VARCHAR", one_of(WRITTEN_QUALIFIERS), zh="限定", aliases=("限定词",),
                  **_values(WRITTEN_QUALIFIERS), in_file=False, example="确数",
                  about_zh="确数、约数或下限（余/超过/多）；空 = 确数或按金额中的字样",
                  about_en="exact / approx / at_least (empty in an import: from the amount's wording, else exact)"),
        _required("is_demo", "BOOLEAN", BOOL, kind="bool", about_zh="演示数据为 true", about_en="true for demo rows"),
    ),
    "services": (
        _required("station_id", "VARCHAR", STATION, zh="站点编号", example="ZN-0001", about_zh="已导入的站点编号",
                  about_en="a station in stations"),
        _required("month", "VARCHAR", MONTH, zh="月份", kind="month", example="2021-12",
                  about_zh="YYYY-MM 或 2021年12月", about_en="YYYY-MM"),
        _required("category", "VARCHAR", one_of(CATEGORY), zh="服务对象类别", **_values(CATEGORY), example="老年人",
                  about_zh="服务对象类别", about_en="recipient category"),
        _required("service_type", "VARCHAR", one_of(SERVICE_TYPE), zh="服务类型", **_values(SERVICE_TYPE),
                  example="探访", about_zh="服务类型", about_en="service type"),
        _required("people_served", "INTEGER", WHOLE, zh="服务人数", kind="int", unit="人次", example="40",
                  about_zh="人次，整数，不小于0", about_en="person-times (人次) served, ≥ 0"),
        _required("sessions", "INTEGER", WHOLE, zh="服务次数", kind="int", unit="次", example="12",
                  about_zh="次数，整数，不小于0", about_en="sessions held, ≥ 0"),
        _required("is_demo", "BOOLEAN", BOOL, kind="bool", about_zh="演示数据为 true", about_en="true for demo rows"),
    ),
}
_NONEMPTY = "v IS NOT NULL AND trim(v) <> '' AND "
# Published figures as an import adds them (data/figures.csv itself is checked by shegong.ingest.validate): the
# source is given by id or by title, publisher, date and link, which become a row of `sources`.
FIGURES: tuple[Column, ...] = (
    _required("region_code", "VARCHAR", (CODE[0], "is not a region code or name (see data/regions.csv)"),
              zh="地区代码", aliases=("地区",), kind="region", example="410000",
              about_zh="6位代码或地区名(全国、河南省、廊坊市…)", about_en="code or name of the region"),
    _required("indicator", "VARCHAR", ("v NOT IN (SELECT indicator FROM indicators)",
                                       "is not an indicator (see data/indicators.csv)"),
              zh="指标", kind="indicator", example="stations_built", about_zh="指标编号或中文名(见 indicators.csv)",
              about_en="indicator id or Chinese label"),
    _required("value", "DOUBLE", (AMOUNT[0], "is not a number ≥ 0"), zh="数值", kind="amount",
              example="515", about_zh="基本单位(元、人、个、%)；可写 2.1万余",
              about_en="value in base units; 万/亿 allowed"),
    Column("qualifier", "VARCHAR", (Rule(*one_of(WRITTEN_QUALIFIERS)),), required=False, zh="限定", aliases=("限定词",),
           **_values(WRITTEN_QUALIFIERS), example="确数", about_zh="确数、约数或下限（余/超过/多）",
           about_en="exact, approx or at_least"),
    _required("as_of", "VARCHAR", AS_OF, zh="截至日期", aliases=("截至", "日期"), kind="asof",
              example="2021-12", about_zh="数字所指的时间：2021、2021-12 或 2021-12-08",
              about_en="date the figure is of"),
    _optional("scope", "VARCHAR", one_of(SCOPE_WORD), zh="口径", **_values(SCOPE_WORD), example="累计",
              about_zh="累计、当年、时点存量或试点(空 = 未说明)",
              about_en="cumulative, annual, stock (at a date) or pilot; empty = not stated"),
    Column("source_id", "VARCHAR", (
        Rule("(v IS NULL OR trim(v) = '') AND (source_title IS NULL OR trim(source_title) = '')",
             "the figure has no source: give 来源编号 (source_id) of a known source, or 来源标题 (source_title) with "
             "its publisher, date and link"),
        Rule(_NONEMPTY + "v NOT IN (SELECT source_id FROM sources UNION ALL SELECT source_id FROM new_sources)",
             "is not a known source id (see the sources page)")),
        required=False, zh="来源编号", about_zh="已有来源的编号(如 S001)；或填写下面的来源标题",
        about_en="id of a known source"),
    _optional("source_title", "VARCHAR", zh="来源标题", aliases=("来源",), example="河南省民政厅召开工作部署会",
              about_zh="新来源的标题(无来源编号时必填)", about_en="title of a new source"),
    _optional("source_publisher", "VARCHAR", zh="发布机构", example="河南省民政厅", about_zh="发布机构",
              about_en="publisher"),
    _optional("source_published", "VARCHAR", ("TRY_CAST(substr(v || '-01-01', 1, 10) AS DATE) IS NULL",
                                              "is not a date (2021, 2021-12 or 2021-12-08)"),
              zh="发布日期", kind="asof", example="2021-12-08", about_zh="发布日期", about_en="date published"),
    _optional("source_url", "VARCHAR", ("NOT regexp_full_match(v, 'https?://\\S+')", "is not an http(s) link"),
              zh="链接", aliases=("网址",), kind="url", example="https://example.org/news/1", about_zh="http(s) 链接",
              about_en="http(s) URL"),
    _optional("note_zh", "VARCHAR", zh="公开说明", about_zh="公开的中文说明：这个数字统计的是什么（一句话）",
              about_en="public note in Chinese: what the number counts"),
    _optional("note_en", "VARCHAR", zh="公开说明（英文）", about_zh="同上，英文",
              about_en="the same public note in English"),
    # an older file's 备注/note (and the extractor's quote) is a research note: internal, never shown
    _optional("research_note", "VARCHAR", zh="内部备注", aliases=("note", "备注"),
              about_zh="原文摘录或核查说明（不公开）", about_en="quote or research remark (internal, never shown)"),
)


def imported(table: str) -> tuple[Column, ...]:
    """The columns of an import file for `table` (is_demo is not among them: imported rows are real)."""
    if table == "figures":
        return FIGURES
    return tuple(c for c in TABLES[table] if c.name != "is_demo")


def markdown(table: str) -> str:
    """The table of `table`'s columns for data/README.md."""
    lines = ["| column | 表头 | type | meaning | values |", "|---|---|---|---|---|"]
    for c in TABLES[table]:
        typ = c.type.lower() + (f" ({c.unit})" if c.unit else "") + ("" if c.required else ", optional")
        values = " / ".join(f"{k} {v}" for k, v in (c.values or {}).items())
        lines.append(f"| {c.name} | {c.zh} | {typ} | {c.about_en} | {values} |")
    return "\n".join(lines)



# --- the published-data files of data/ -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Field:
    """One column of a published-data file: its check (a name in shegong.ingest.validate.CHECKS), headers, meaning,
    and the warehouse column made of it (`sql`: "" = the text as it is, None = not in the warehouse)."""

    name: str
    check: str
    zh: str
    en: str
    about: str
    sql: str | None = ""
    ref: tuple[str, str] | None = None  # (file, column) a value must be found in
    in_file: bool = True  # False: made by the warehouse, not a column of the file


@dataclass(frozen=True)
class Table:
    name: str
    row: str  # one row per
    fields: tuple[Field, ...]
    key: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[Field, ...]:
        """The columns of the file, in order."""
        return tuple(f for f in self.fields if f.in_file)


PUBLISHED: dict[str, Table] = {t.name: t for t in (
    Table("regions", "region of China (nation, 34 provinces, prefectures, counties; GB/T 2260 codes of end-2024)", (
        Field("code", "code", "地区代码", "Code", "six-digit GB/T 2260 code"),
        Field("name", "required", "名称", "Name", "official Chinese name"),
        Field("level", "level", "级别", "Level", "nation / province / prefecture / county"),
        Field("parent_code", "code_or_empty", "上级代码", "Parent code",
              "the region it belongs to (empty for the nation)", sql="NULLIF(parent_code, '')",
              ref=("regions", "code")),
    ), key=("code",)),
    Table("sources", "published source", (
        Field("source_id", "required", "来源编号", "Source ID", "id the figures cite (S001 …)"),
        Field("title", "public_text", "来源标题", "Title",
              "Chinese title as shown on Chinese pages (an English-language source: a Chinese rendering + （英文）)"),
        Field("title_en", "public_text", "英文标题", "English title", "title as shown on English pages",
              sql="NULLIF(title_en, '')"),
        Field("publisher", "public_text_or_empty", "发布机构", "Publisher", "who published it, in Chinese (if known)",
              sql="NULLIF(publisher, '')"),
        Field("publisher_en", "public_text_or_empty", "发布机构（英文）", "Publisher (English)", "publisher in English",
              sql="NULLIF(publisher_en, '')"),
        Field("kind", "source_kind", "来源类型", "Kind of source",
              "gov_bulletin / gov_document / official_media / other_media / repost (see *Sources and notes*)",
              sql="NULLIF(kind, '')"),
        Field("published", "date_or_empty", "发布日期", "Published", "date published (YYYY, YYYY-MM or YYYY-MM-DD)",
              sql="NULLIF(published, '')"),
        Field("url", "url", "链接", "Link", "http(s) address (if known)", sql="NULLIF(url, '')"),
        Field("research_note", "optional", "内部备注", "Research note", "internal: provenance and doubts, never shown",
              sql="NULLIF(research_note, '')"),
    ), key=("source_id",)),
    Table("indicators", "indicator", (
        Field("indicator", "snake", "指标", "Indicator", "snake_case id"),
        Field("label_zh", "required", "中文名称", "Chinese label", "label on Chinese pages"),
        Field("label_en", "required", "英文名称", "English label", "label on English pages"),
        Field("unit_zh", "required", "中文单位", "Chinese unit", "unit word on Chinese pages (个, 人, 元, 人次, %)"),
        Field("unit_en", "required", "英文单位", "English unit", "unit on English pages"),
        Field("headline", "flag", "核心指标", "Headline", "1 = may be a KPI card", sql="headline = '1'"),
        Field("description", "required", "说明", "Description", "what it counts"),
        Field("measures", "measures", "可用口径", "Measures",
              "what the compare page may show: as_published, coverage, per_station, per_10k_residents (|-separated)",
              sql="string_split(measures, '|')"),
        Field("coverage_denominator", "optional", "覆盖率分母", "Coverage denominator",
              "indicator whose latest figure is coverage's denominator (township_level_units)",
              sql="NULLIF(coverage_denominator, '')", ref=("indicators", "indicator")),
        Field("keywords", "regex_or_empty", "提取关键词", "Extraction keywords",
              "regular expression of words naming it in a bulletin (extract)", sql=None),
        Field("measure_words", "optional", "量词", "Measure words", "measure words that count it (个, 人|名, 人次)",
              sql=None),
        Field("extract_order", "whole_or_empty", "提取顺序", "Extraction order",
              "order extraction tries it in, most specific first; empty = never extracted", sql=None),
        Field("stale_after_days", "days", "较旧天数", "Stale after (days)",
              "days after its date past which a figure of it is marked 较旧 (old): 365 for yearly figures, more for "
              "what is published less often", sql="CAST(stale_after_days AS INTEGER)"),
    ), key=("indicator",)),
    Table("figures", "published figure", (
        Field("figure_id", "", "编号", "Figure", "", sql="row_number() OVER ()", in_file=False),
        Field("region_code", "code", "地区代码", "Region code", "GB/T 2260 code of the place it is of",
              ref=("regions", "code")),
        Field("indicator", "snake", "指标", "Indicator", "what it counts (indicators.csv)",
              ref=("indicators", "indicator")),
        Field("value", "non_negative", "数值", "Value", "base units: yuan, persons, stations, percent points",
              sql="CAST(value AS DOUBLE)"),
        Field("qualifier", "qualifier", "限定", "Qualifier", "exact / approx 约 / at_least 余·超过·多"),
        Field("as_of", "date", "截至日期", "As of", "YYYY, YYYY-MM or YYYY-MM-DD: the date the figure is *of*"),
        Field("as_of_end", "", "截至", "Period end", "", sql="period_end(as_of)", in_file=False),
        Field("scope", "scope", "口径", "Scope", "cumulative / annual / stock / pilot (see *Scope of a figure*)"),
        Field("source_id", "required", "来源编号", "Source ID", "the source (sources.csv)",
              ref=("sources", "source_id")),
        Field("note", "", "公开说明", "Note", "", sql="NULLIF(note_zh, '')", in_file=False),
        Field("note_zh", "public_text_or_empty", "公开说明", "Public note (Chinese)",
              "what the number counts, one plain sentence (shown)", sql="NULLIF(note_zh, '')"),
        Field("note_en", "public_text_or_empty", "公开说明（英文）", "Public note (English)",
              "the same in English (shown)", sql="NULLIF(note_en, '')"),
        Field("research_note", "optional", "内部备注", "Research note",
              "internal: the source sentence paraphrased, provenance, doubts (never shown)",
              sql="NULLIF(research_note, '')"),
    ), key=("region_code", "indicator", "as_of", "source_id")),
    Table("targets", "policy target", (
        Field("region_code", "code", "地区代码", "Region code", "GB/T 2260 code", ref=("regions", "code")),
        Field("indicator", "snake", "指标", "Indicator", "the achievement it aims at", ref=("indicators", "indicator")),
        Field("value", "non_negative", "目标值", "Target", "base units", sql="CAST(value AS DOUBLE)"),
        Field("deadline", "date", "期限", "Deadline", "YYYY, YYYY-MM or YYYY-MM-DD"),
        Field("deadline_end", "", "期限截至", "Deadline end", "", sql="period_end(deadline)", in_file=False),
        Field("label_zh", "required", "目标（中文）", "Target (Chinese)", "the target in words, Chinese"),
        Field("label_en", "required", "目标（英文）", "Target (English)", "the target in words, English"),
        Field("source_id", "required", "来源编号", "Source ID", "the source (sources.csv)",
              ref=("sources", "source_id")),
        Field("note", "", "公开说明", "Note", "", sql="NULLIF(note_zh, '')", in_file=False),
        Field("note_zh", "public_text_or_empty", "公开说明", "Public note (Chinese)",
              "what the number counts, one plain sentence (shown)", sql="NULLIF(note_zh, '')"),
        Field("note_en", "public_text_or_empty", "公开说明（英文）", "Public note (English)",
              "the same in English (shown)", sql="NULLIF(note_en, '')"),
        Field("research_note", "optional", "内部备注", "Research note",
              "internal: the source sentence paraphrased, provenance, doubts (never shown)",
              sql="NULLIF(research_note, '')"),
    ), key=("region_code", "indicator", "deadline")),
)}

# A date of 2021, 2021-12 or 2021-12-08 covers up to its last day: ordering by it never pretends a year is a day.
PRELUDE = """CREATE MACRO period_end(d) AS CASE length(d)
    WHEN 4 THEN make_date(CAST(d AS INTEGER), 12, 31)
    WHEN 7 THEN last_day(CAST(d || '-01' AS DATE))
    ELSE CAST(d AS DATE) END;"""


def ddl() -> str:
    """The warehouse's tables of the published-data files (from their frames registered as src_<file>)."""
    out = [PRELUDE]
    for t in PUBLISHED.values():
        cols = ", ".join(f.name if not f.sql else f"{f.sql} AS {f.name}" for f in t.fields if f.sql is not None)
        out.append(f"CREATE TABLE {t.name} AS SELECT {cols} FROM src_{t.name};")
    return "\n".join(out)


def published_markdown(table: str) -> str:
    """The table of a published-data file's columns for data/README.md."""
    lines = ["| column | 表头 | meaning |", "|---|---|---|"]
    for f in PUBLISHED[table].columns:
        lines.append(f"| {f.name} | {f.zh} | {f.about.replace('|', chr(92) + '|')} |")
    return "\n".join(lines)


def meaning(column: str) -> tuple[str, str] | None:
    """(Chinese, English) meaning of a record table's column (the first table declaring it), for data files' readmes."""
    for c in (c for cols in TABLES.values() for c in cols):
        if c.name == column and c.about_zh:
            return (c.zh + "：" + c.about_zh if c.zh else c.about_zh), c.about_en
    return None


def header(table: str, column: str) -> str:
    """A column's header in the current language (Chinese, or its English), from its declaration."""
    c = next(c for c in (*PUBLISHED.get(table, Table("", "", ())).fields, *TABLES.get(table, ()),
                         *(FIGURES if table == "figures" else ())) if c.name == column)
    return i18n.pick(c.zh, c.en)
