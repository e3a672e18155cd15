"""Numbers and dates the Chinese way — 8,946.66万元, 15.2985万人, ≥1,000人, 约24.9亿元, 2021年12月8日 — or, when
the language is English, 89.4666 million yuan, 152,985 persons, ≥1,000 persons, ≈2.49 billion yuan, 8 Dec 2021."""
from __future__ import annotations

import math
import re
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal

from shegong import i18n
from shegong.vocab import QUALIFIER_PREFIX, QUALIFIER_PREFIX_EN

CENTS = 2  # values are stored to the cent (money) or whole (counts): no figure has more decimals in base units


def number(value: float | None, unit: str = "", qualifier: str = "exact") -> str:
    """A figure as its source (or a record) wrote it, every digit and no more: 152985 → '15.2985万人';
    89466600元 → '8,946.66万元'; 2910000元 → '291万元'; 2.49e9 approx → '约24.9亿元'; 1000 at_least → '≥1,000人'.
    For sums, ratios, shares and changes use `computed` (or `quantity`), which rounds to what they can claim."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return i18n.t("暂无数据")
    return _shown(float(value), unit, qualifier or "exact", computed=False)


def computed(value: float | None, unit: str = "", qualifier: str = "exact") -> str:
    """A number we computed (sum, ratio, share, change), to 3–4 significant digits: 6.59亿元, 14.3万元/站,
    601.5万人次, 21.6%. A lower bound is rounded down and an upper bound up, so the shown bound stays true."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return i18n.t("暂无数据")
    return _shown(float(value), unit, qualifier or "exact", computed=True)


def quantity(q, signed: bool = False) -> str:
    """A `shegong.quantity.Quantity` as text: every written digit of a published figure, 3–4 of a computed one;
    `signed` for a change (+1,485个, ≥+372.2%)."""
    text = _shown(float(q.value), q.unit, q.qualifier, computed=q.computed)
    if signed and q.value > 0:
        prefix = (QUALIFIER_PREFIX_EN if i18n.en() else QUALIFIER_PREFIX).get(q.qualifier, "")
        text = prefix + "+" + text[len(prefix):]
    return text


_SCALES_ZH = ((8, "亿"), (4, "万"), (0, ""))
_SCALES_EN = ((9, " billion"), (6, " million"), (0, ""))
_ROUNDING = {"at_least": ROUND_FLOOR, "at_most": ROUND_CEILING}
_EXP = {w: e for e, w in _SCALES_ZH + _SCALES_EN}


def _round(x: Decimal, qualifier: str, percent: bool) -> Decimal:
    """x to 3 significant digits, 4 when it has 3 or more whole digits (601.5, 1,234, 142,900), one decimal at
    most for a share; toward the safe side for a bound (≥14.28 → ≥14.2)."""
    if x == 0:
        return Decimal(0)
    whole = len(str(int(abs(x)))) if abs(x) >= 1 else 0
    if whole:
        decimals = (3 if whole <= 2 else 4) - whole  # negative: 142,857 → 142,900
    else:
        decimals = 2 - abs(x).adjusted()  # 0.0123 → 4 decimals
    if percent:
        decimals = min(decimals, 1) if whole else decimals
    return x.quantize(Decimal(1).scaleb(-decimals), rounding=_ROUNDING.get(qualifier, ROUND_HALF_EVEN))


def _plain(d: Decimal) -> str:
    d = d.normalize() if d.as_tuple().exponent < 0 else d.quantize(Decimal(1))
    if d == d.to_integral_value():
        d = d.quantize(Decimal(1))
    return f"{d:,f}"


def _scaled(base: Decimal, scales) -> tuple[Decimal, str]:
    exp, word = next((e, w) for e, w in scales if abs(base) >= Decimal(10) ** e or e == 0)
    return base.scaleb(-exp), word


def _shown(v: float, unit: str, qualifier: str, computed: bool) -> str:
    en = i18n.en()
    prefix = (QUALIFIER_PREFIX_EN if en else QUALIFIER_PREFIX).get(qualifier, "")
    percent = unit == "%"
    scales = ((0, ""),) if percent else (_SCALES_EN if en else _SCALES_ZH)
    base = Decimal(repr(v))
    if not computed:  # a figure as written: every digit it has, to the cent
        base = base.quantize(Decimal(1).scaleb(-CENTS), rounding=ROUND_HALF_EVEN)
    x, word = _scaled(base, scales)
    if computed:
        x = _round(x, qualifier, percent)
        bigger, word2 = _scaled(x.scaleb(_EXP[word]), scales)
        if word2 != word:  # 9,999.96万 rounds to 10,000万: say 1亿
            x, word = _round(bigger, qualifier, percent), word2
    return prefix + _plain(x) + word + (unit_suffix_en(unit) if en else unit)




def unit_suffix_en(zh: str) -> str:
    """The English words after a number for a Chinese unit: 人 → ' persons', 元/站 → ' yuan/station', % → '%'."""
    if zh == "%":
        return "%"
    head, _, per = zh.partition("/")
    suffix = UNIT_EN[head] if head in UNIT_EN else (f" {head}" if head else "")
    if per:
        suffix = f"{suffix}/{UNIT_EN.get(per, per).strip()}"
    return suffix


# Every unit a figure or record may carry (data/indicators.csv unit_zh, records): tests/unit/test_fmt.py checks it.
UNIT_EN = {"个": "", "人": " persons", "名": " persons", "元": " yuan", "户": " households", "家": "", "场": " events",
           "人次": " person-times", "次": " times", "支": " teams", "站": "station", "%": "%", "": ""}
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def unit(zh: str) -> str:
    """A unit for a subtitle: '个' as is in Chinese; in English the word (or 'count')."""
    if not i18n.en():
        return zh
    head, _, per = zh.partition("/")
    word = UNIT_EN.get(head, f" {head}").strip() or "count"
    return f"{word}/{UNIT_EN.get(per, per).strip()}" if per else word


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
_NUMBER = re.compile(r"(≥|≤|约|≈)?(-?\d[\d,]*(?:\.\d+)?)(万|亿| million| billion)?(.*)")
_UNIT_ZH = {v.strip(): k for k, v in reversed(UNIT_EN.items()) if v.strip()}  # persons → 人, not 名


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
    qualifier = {"≥": "at_least", "≤": "at_most", "约": "approx", "≈": "approx"}.get(prefix or "", "exact")
    return Decimal(digits.replace(",", "")).scaleb(_SCALES[scale or ""]), unit, qualifier
