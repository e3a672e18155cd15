"""Candidate figures from a Chinese bulletin: region, indicator, value, qualifier, date and the words quoted.

Rules, not a model: a number needs a measure word (个, 人, 元, 户, 家, %, …) and an indicator keyword in its clause
(社工站 … 个 → stations_built, 资金 … 元 → funding_cny, 志愿者 … 人 → volunteers): the keywords and measure words are
columns of data/indicators.csv, so a new indicator is extracted by adding its row. The region is the last place
named before it in the sentence, else the place the text was last talking about (a heading like 河南：starts a
section), never one of a list (嵩县、淅川县等). 2.1万余个 → 21000, at_least. The count may also come first, with
what it counts and a verb after it (16个乡镇社工站全部建成, 36名社工驻站). The date is the sentence's own (截至…,
2021年5月, 当年(2021年) → 2021) before the section's. A person ticks the right ones.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from shegong.config import DATA_DIR
from shegong.ingest.importer import number_text, parse_number

COLUMNS = ["region_code", "indicator", "value", "qualifier", "as_of", "quote"]
NUMBER = re.compile(
    r"(?:超过|逾|多于|至少|不少于|不低于|突破|大约|约|将近|近)?"
    r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]{2,}|[十百千])"
    r"(?:余|多)?(?:万亿|万|亿)?(?:余|多)?"
    r"(?:人次|元|人|个|名|户|家|次|场|%)(?:以上|左右)?")
WORD_OF = re.compile(r"(人次|元|人|个|名|户|家|次|场|%)(?:以上|左右)?$")
VETO = re.compile(r"每|力争|目标|计划到|到20\d\d年")  # norms and plans, not achievements
# The count may come first and the thing counted after it, with a verb saying it is done: 19个乡镇社工站全部建成,
# 48名社工驻站开展服务 (county and city statements). Checked on the rest of the clause.
_TOWNSHIP = r"(?:乡镇|街道|镇街|乡镇\(街道\)|镇\(街道\)|街道\(乡镇\)|镇|乡|街)?"
_STATION = r"(?:社工站|社会工作服务站|社工服务站|社会工作站)"
_DONE = r"[^,;。]{0,6}?(?:建成|挂牌|揭牌|投入运行|投入使用|投入运营|运行|运营|启用|覆盖)"
AFTER = {
    "demo_stations": re.compile(r"示范" + _TOWNSHIP + _STATION),
    "community_stations_built": re.compile(r"社区" + _STATION),
    "stations_built": re.compile(r"(?:" + _STATION + "|" + _TOWNSHIP + _STATION + _DONE + ")"),
    "social_workers_stationed": re.compile(r"(?:专职|专业|驻站)?(?:社工|社会工作者)[^,;。]{0,3}?(?:驻站|入驻|进驻)"),
}
PLAN_AFTER = re.compile(r"^[^,;。]*?(?:将|计划|力争|拟|预计)")
SHORT_STOP = {"白银", "来宾", "中山", "大同"}  # prefecture short names that are also common words


@dataclass(frozen=True)
class Gazetteer:
    """Region names → codes, and a regex finding them (longest first)."""

    codes: dict  # name -> tuple of codes
    names: dict  # code -> name
    pattern: re.Pattern


@functools.cache
def gazetteer(regions_csv: Path = DATA_DIR / "regions.csv") -> Gazetteer:
    df = pd.read_csv(regions_csv, dtype=str, keep_default_na=False)
    codes: dict[str, list[str]] = {}
    for code, name, level in zip(df.code, df.name, df.level):
        variants = {name}
        if level == "province":
            variants.add(re.sub(r"(省|市|(壮族|回族|维吾尔)?自治区|特别行政区)$", "", name))
        if level == "prefecture" and name.endswith("市") and len(name) >= 3 and name[:-1] not in SHORT_STOP:
            variants.add(name[:-1])
        if level == "county" and len(name) == 2 and name.endswith("区"):
            continue  # 城区, 郊区, 矿区: ordinary words
        for v in variants:
            codes.setdefault(v, [])
            if code not in codes[v]:
                codes[v].append(code)
    names = dict(zip(df.code, df.name))
    alternatives = sorted(codes, key=len, reverse=True)
    return Gazetteer({k: tuple(v) for k, v in codes.items()}, names,
                     re.compile("|".join(map(re.escape, alternatives))))


@functools.cache
def rules(indicators_csv: Path = DATA_DIR / "indicators.csv") -> tuple[tuple[str, tuple[str, ...], str], ...]:
    """(keyword pattern of the clause, measure words, indicator) from data/indicators.csv (`keywords`,
    `measure_words`, `extract_order`: most specific first); an indicator without an order is never extracted."""
    df = pd.read_csv(indicators_csv, dtype=str, keep_default_na=False)
    df = df[df.extract_order != ""]
    df = df.assign(order=df.extract_order.astype(int)).sort_values(["order", "indicator"])
    return tuple((k, tuple(w.split("|")), i) for k, w, i in zip(df.keywords, df.measure_words, df.indicator))


@functools.cache
def indicator_ids(indicators_csv: Path = DATA_DIR / "indicators.csv") -> frozenset:
    return frozenset(pd.read_csv(indicators_csv, dtype=str).indicator)


@functools.cache
def indicator_labels(indicators_csv: Path = DATA_DIR / "indicators.csv") -> dict:
    df = pd.read_csv(indicators_csv, dtype=str)
    return dict(zip(df.indicator, df.label_zh))


def paragraphs(text: str) -> list[str]:
    """Undo line wrapping: a line ending mid-sentence joins the next; a short line without punctuation is a heading."""
    out, buf = [], ""
    for line in unicodedata.normalize("NFKC", text).splitlines():
        line = line.strip()
        if not line:
            continue
        heading = len(line) <= 30 and not re.search(r"[,.。;、]", line)
        if heading and not buf:
            out.append(line)
            continue
        buf += line
        if re.search(r"[。!?;:”)]$", buf):
            out.append(buf)
            buf = ""
    if buf:
        out.append(buf)
    return out


def _year_of(text: str) -> str | None:
    years = re.findall(r"(20\d\d)年", text)
    return Counter(years).most_common(1)[0][0] if years else None


YEAR_SCOPE = re.compile(r"全年|当年|本年|年度|今年(?!以来)")  # the figure is of a year, not of a day
SINCE = re.compile(r"(?:自|从)?20\d\d年(?:以来|起|开始)|自20\d\d年")  # a start, not the figure's date


def _as_of(sentence: str, section: str, year: str | None) -> str:
    """The sentence's own date wins (截至2021年底, 2021年5月, 当年(2021年), 12月8日); else the section's day."""
    if m := re.search(r"截至(20\d\d)年(\d{1,2})月(\d{1,2})日", sentence):
        return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"
    if m := re.search(r"截至(20\d\d)年(\d{1,2})月", sentence):
        return f"{m[1]}-{int(m[2]):02d}"
    if m := re.search(r"截至(20\d\d)年(底|末)", sentence):
        return f"{m[1]}-12"
    own = SINCE.sub("", sentence)
    if m := re.search(r"(20\d\d)年(\d{1,2})月(?:(\d{1,2})日)?", own):
        return f"{m[1]}-{int(m[2]):02d}" + (f"-{int(m[3]):02d}" if m[3] else "")
    own_year = (re.search(r"(20\d\d)年", own) or [None, None])[1]
    year = own_year or _year_of(section) or year
    if own_year or (year and YEAR_SCOPE.search(own)):
        return year
    if year and (m := re.search(r"(?<!\d)(\d{1,2})月(\d{1,2})日", own) or
                 re.search(r"(?<!\d)(\d{1,2})月(\d{1,2})日", section)):
        return f"{year}-{int(m[1]):02d}-{int(m[2]):02d}"
    return year or ""


class _Places:
    """Which region the text is talking about, sentence by sentence."""

    def __init__(self, gaz: Gazetteer):
        self.gaz = gaz
        self.current: str | None = None

    def resolve(self, name: str) -> str | None:
        if name == "全国":
            return "100000"
        options = self.gaz.codes.get(name, ())
        if len(options) == 1:
            return options[0]
        if self.current:  # 朝阳区: the one in the province being talked about
            inside = [c for c in options if c[:2] == self.current[:2]]
            if len(inside) == 1:
                return inside[0]
        return None

    def mentions(self, sentence: str) -> list[tuple[int, str]]:
        """(end position, code) of each place named, leaving out members of lists (A、B、C等县)."""
        found = []
        for m in self.gaz.pattern.finditer(sentence):
            before, after = sentence[max(m.start() - 1, 0):m.start()], sentence[m.end():m.end() + 1]
            if before == "、" or after == "、" or sentence[m.end():m.end() + 2] in ("等县", "等地", "等市", "等区"):
                continue
            code = self.resolve(m.group())
            if code:
                found.append((m.end(), code))
        return found


def _indicator(clause_before: str, clause_after: str, word: str, sentence: str) -> str | None:
    if VETO.search(clause_before):
        return None
    for _pattern, words, indicator in rules():
        if word not in words:
            continue
        after = AFTER.get(indicator)
        if after and after.match(clause_after) and not PLAN_AFTER.match(clause_after):
            return indicator
    for pattern, words, indicator in rules():
        if word not in words:
            continue
        if re.search(pattern, clause_before):
            return indicator
    return None


def _quote(sentence: str, start: int, end: int, width: int = 60) -> str:
    if len(sentence) <= width + 20:
        return sentence
    cuts = [m.end() for m in re.finditer(r"[,;:]", sentence[:start])]
    left = cuts[-2] if len(cuts) >= 2 and start - cuts[-2] < width else (cuts[-1] if cuts else 0)
    right_m = re.search(r"[,;。!?]", sentence[end:])
    right = end + right_m.start() + 1 if right_m else len(sentence)
    return ("…" if left > 0 else "") + sentence[left:right] + ("…" if right < len(sentence) else "")


def candidates(text: str, as_of: str | None = None) -> pd.DataFrame:
    """Every number in the text with a measure word and an indicator keyword, as a candidate figure."""
    gaz = gazetteer()
    known = indicator_ids()
    places = _Places(gaz)
    year = _year_of(unicodedata.normalize("NFKC", text))
    rows, section, section_text = [], None, ""
    paras = paragraphs(text)
    for i, para in enumerate(paras):
        if len(para) <= 30 and para.endswith(":"):  # a heading like 河南：starts a section
            code = next((c for _, c in places.mentions(para)), None)
            if code:
                places.current = section = code
                rest = paras[i + 1:]
                nxt = next((j for j, p in enumerate(rest) if len(p) <= 30 and p.endswith(":")), len(rest))
                section_text = "".join(rest[:nxt])
            continue
        for sentence in re.findall(r"[^。!?;]+[。!?;]?", para):
            mentions = places.mentions(sentence)
            for m in NUMBER.finditer(sentence):
                raw = m.group()
                value, qualifier = parse_number(raw.replace("万元", "万").replace("亿元", "亿"))
                if value is None:
                    continue
                word = WORD_OF.search(raw)[1]
                clause_start = max((c.end() for c in re.finditer(r"[,;:]", sentence[:m.start()])), default=0)
                before = sentence[clause_start:m.start()]
                after = sentence[m.end():]
                indicator = _indicator(before, after, word, sentence)
                if indicator is None or indicator not in known:
                    continue
                here = [c for end, c in mentions if end <= m.start()]
                region = here[-1] if here else places.current or section
                rows.append({"region_code": region or "", "indicator": indicator, "value": number_text(value),
                             "qualifier": qualifier or "exact",
                             "as_of": as_of or _as_of(sentence, section_text or text, year),
                             "quote": _quote(sentence, m.start(), m.end())})
            if mentions:
                places.current = mentions[-1][1]
    df = pd.DataFrame(rows, columns=COLUMNS)
    if df.empty:
        return df
    # the same fact in a heading and in the body: keep the longer quote
    df["_len"] = df.quote.str.len()
    df = (df.sort_values("_len", ascending=False, kind="stable")
          .drop_duplicates(["region_code", "indicator", "value", "qualifier"])
          .sort_index().drop(columns="_len").reset_index(drop=True))
    return df
