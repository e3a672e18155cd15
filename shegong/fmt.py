"""Numbers and dates the Chinese way — 8,946.66万元, 15.2985万人, ≥1,000人, 约24.9亿元, 2021年12月8日 — or, when
the language is English, 89.4666 million yuan, 152,985 persons, ≥1,000 persons, ≈2.49 billion yuan, 8 Dec 2021."""
from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_EVEN, Decimal

from shegong import i18n
from shegong.vocab import QUALIFIER_PREFIX


def _trim(x: float, decimals: int = 2) -> str:
    """Thousands separators, at most `decimals` decimals, no trailing zeros (axis ticks and computed shares)."""
    s = f"{x:,.{decimals}f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


CENTS = 2  # values are stored to the cent (money) or whole (counts): no figure has more decimals in base units


def _digits(value: float, scale: int, min_decimals: int = 0) -> str:
    """value / 10**scale with every digit the value has (to the cent), thousands separators, at least
    `min_decimals` decimals: 152985 at scale 4 → '15.2985'; 76516000 at scale 4 with 2 → '7,651.60'.

    Decimal arithmetic on the float's shortest repr, so that no digit is lost or invented."""
    d = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-CENTS), rounding=ROUND_HALF_EVEN)
    d = d.scaleb(-scale).normalize()
    if d == d.to_integral_value():
        d = d.quantize(Decimal(1))
    if -d.as_tuple().exponent < min_decimals:
        d = d.quantize(Decimal(1).scaleb(-min_decimals))
    return f"{d:,f}"


def _is_money(unit: str) -> bool:
    return unit.partition("/")[0] in ("元", "万元", "亿元")


def number(value: float | None, unit: str = "", qualifier: str = "exact") -> str:
    """A figure as published, never rounded: 152985 → '15.2985万人'; 89466600元 → '8,946.66万元'; 76516000元 →
    '7,651.60万元' (money in 万/亿 keeps two decimals, as 万元 figures are written); 2.49e9 approx →
    '约24.9亿元'; 1000 at_least → '≥1,000人'. Approximate and lower-bound figures are stored as their source
    wrote them, so they keep the source's precision (no padding zeros). One formatter for cards, tables, hover
    text, axis ticks and exports, in both languages."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return i18n.t("暂无数据")
    v = float(value)
    if i18n.en():
        return _number_en(v, unit, qualifier)
    pad = 2 if _is_money(unit) and (qualifier or "exact") == "exact" else 0
    if unit == "%":  # published shares are whole (56%, 100%); computed ones (515 ÷ 2,381) get one decimal
        body = f"{_trim(v, 1)}%"
    elif abs(v) >= 1e8:
        body = f"{_digits(v, 8, pad)}亿{unit}"
    elif abs(v) >= 1e4:
        body = f"{_digits(v, 4, pad)}万{unit}"
    else:
        body = f"{_digits(v, 0, pad if v != int(v) else 0)}{unit}"
    return QUALIFIER_PREFIX.get(qualifier or "exact", "") + body


UNIT_EN = {"个": "", "人": " persons", "元": " yuan", "户": " households", "家": "", "场": "", "人次": " person-times",
           "站": "station"}
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def unit(zh: str) -> str:
    """A unit for a subtitle: '个' as is in Chinese; in English the word (or 'count')."""
    if not i18n.en():
        return zh
    head, _, per = zh.partition("/")
    word = UNIT_EN.get(head, f" {head}").strip() or "count"
    return f"{word}/{UNIT_EN.get(per, per).strip()}" if per else word


def _number_en(v: float, unit: str, qualifier: str) -> str:
    prefix = {"at_least": "≥", "approx": "≈"}.get(qualifier or "exact", "")
    if unit == "%":
        return f"{prefix}{_trim(v, 1)}%"
    pad = 2 if _is_money(unit) and (qualifier or "exact") == "exact" else 0
    if abs(v) >= 1e9:
        body = f"{_digits(v, 9, pad)} billion"
    elif abs(v) >= 1e6:
        body = f"{_digits(v, 6, pad)} million"
    else:
        body = _digits(v, 0, pad if v != int(v) else 0)
    head, _, per = unit.partition("/")
    suffix = UNIT_EN.get(head, f" {head}" if head else "")
    if per:
        suffix = f"{suffix or ''}/{UNIT_EN.get(per, per).strip()}"
    return prefix + body + suffix


def date(as_of: str | None) -> str:
    """'2021' → '2021年'; '2021-12' → '2021年12月'; '2021-12-08' → '2021年12月8日'."""
    if not as_of:
        return ""
    parts = str(as_of).split("-")
    if i18n.en():
        words = [str(int(parts[2]))] if len(parts) > 2 else []
        words += [MONTHS_EN[int(parts[1]) - 1]] if len(parts) > 1 else []
        return " ".join(words + [parts[0]])
    out = f"{parts[0]}年"
    if len(parts) > 1:
        out += f"{int(parts[1])}月"
    if len(parts) > 2:
        out += f"{int(parts[2])}日"
    return out


def month(ts) -> str:
    """A month (Timestamp or date) as '2025年12月'; '' when missing."""
    if ts is None or ts != ts:
        return ""
    return f"{MONTHS_EN[ts.month - 1]} {ts.year}" if i18n.en() else f"{ts.year}年{ts.month}月"


def text(x) -> str:
    """A cell as text: '' for NULL/NaN (query results carry both)."""
    return x if isinstance(x, str) else ""


def source_line(title: str, publisher=None, published=None) -> str:
    """'Title（published）' — the publisher is usually already in the title's brackets."""
    publisher, published = text(publisher), text(published)
    published = date(published) if published and date(published) not in title else ""
    extra = [p for p in (publisher if publisher not in title else "", published) if p]
    if not extra:
        return title
    return f"{title} ({', '.join(extra)})" if i18n.en() else f"{title}（{'，'.join(extra)}）"


_SCALES = {"": 0, "万": 4, "亿": 8, " million": 6, " billion": 9}
_NUMBER = re.compile(r"(≥|约|≈)?(-?\d[\d,]*(?:\.\d+)?)(万|亿| million| billion)?(.*)")
_UNIT_ZH = {v.strip(): k for k, v in UNIT_EN.items() if v.strip()}


def parse(text: str) -> tuple[Decimal, str, str] | None:
    """The inverse of `number`: '≥5,500万元' → (55000000, '元', 'at_least'); '4,235 persons' → (4235, '人',
    'exact'); None for text that is not a formatted figure. Data files use it to give a column of shown
    figures its numeric value and unit."""
    m = _NUMBER.fullmatch(str(text).strip())
    if not m:
        return None
    prefix, digits, scale, unit = m.groups()
    unit = unit.strip()
    head, _, per = unit.partition("/")
    head = _UNIT_ZH.get(head, head)
    if per:
        per = {"station": "站"}.get(per, per)
    unit = f"{head}/{per}" if per else head
    if unit and (not re.fullmatch(r"[%\u4e00-\u9fff/]+", unit) or re.search("[年月日]", unit)):
        return None  # words, or a date (2021年)
    qualifier = {"≥": "at_least", "约": "approx", "≈": "approx"}.get(prefix or "", "exact")
    return Decimal(digits.replace(",", "")).scaleb(_SCALES[scale or ""]), unit, qualifier
