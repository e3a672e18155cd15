"""Heavy sweeps (every exhibit × format, every exhibit × language, every page × language × screen size) are
sampled in the suite and run in full by benchmarks/sweeps.py, which sets SHEGONG_FULL_SWEEP=1.

What a reader takes away from every exhibit (issue 19): `exhibits(sample=True)` takes each parameter value once
with the others at their defaults (the suite); `sample=False` (or SHEGONG_FULL_SWEEP=1) every combination
(benchmarks/meaning.py)."""
from __future__ import annotations

import itertools
import json
import os
import re
from collections.abc import Iterator, Sequence

import pandas as pd

from shegong import catalog, fmt, i18n

FULL = os.environ.get("SHEGONG_FULL_SWEEP") == "1"


def spread(items: Sequence, variants: Sequence) -> list[tuple]:
    """(item, variant) pairs: every pair when FULL; otherwise the items and the variants taken in turn, so that the
    sample holds every item and every variant at least once (the same sample on every run)."""
    items, variants = list(items), list(variants)
    if FULL:
        return [(item, variant) for variant in variants for item in items]
    return [(items[k % len(items)], variants[k % len(variants)]) for k in range(max(len(items), len(variants)))]


def variants_of(item, items: Sequence, variants: Sequence) -> list:
    """The variants `item` is paired with in spread(items, variants): one (or a few) in the sample, all in full."""
    return [variant for it, variant in spread(items, variants) if it == item]


CJK = re.compile(r"[\u4e00-\u9fff]")
TAG = re.compile(r"<[^>]+>")
# a shown number with its unit: 6.5924532975亿元, ≥14.285714万元/站, 601.5407万人次, 659.24532975 million yuan
SHOWN = re.compile(r"(?:≥|≤|约|≈)?-?\d[\d,]*(?:\.\d+)?(?:万|亿| million| billion)?(?:元/站|元|人次|人|个|户|%|"
                   r" yuan/station| yuan| persons| person-times| households)")


def parameter_sets(chart_id: str, sample: bool) -> list[dict[str, str]]:
    allowed = catalog.options(chart_id)
    if not allowed:
        return [{}]
    if sample:  # each value of a short list, the ends and the middle of a long one (years), the others at default
        out = [{}]
        for key, values in allowed.items():
            out += [{key: v} for v in _ends(list(values)[1:])]
        return out
    keys = list(allowed)  # every combination; a long list (years) by its ends and middle, or it would be 10⁵ exhibits
    lists = [_ends(list(allowed[k])) for k in keys]
    return [dict(zip(keys, combo)) for combo in itertools.product(*lists)]


def _ends(values: list) -> list:
    return values if len(values) <= 6 else [values[0], values[len(values) // 2], values[-1]]


def exhibits(sample: bool = not FULL, langs=("zh", "en")) -> Iterator[tuple[str, dict, str, object]]:
    for lang in langs:
        i18n.set_language(lang)
        try:
            for chart_id in catalog.ids():
                for params in parameter_sets(chart_id, sample):
                    yield chart_id, params, lang, catalog.build(chart_id, **params)
        finally:
            i18n.set_language("zh")


def _walk(obj) -> Iterator[str]:
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            if k not in ("geojson", "locations", "featureidkey", "meta", "uid", "ids", "x", "y", "z", "lat", "lon",
                         "family", "textposition", "symbol", "type"):  # data and drawing settings, not text
                yield from _walk(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _walk(v)


def texts(ex) -> list[str]:
    """Every string a reader may see in the exhibit (page, image, table); markup removed."""
    out = [ex.title, ex.subtitle, *ex.sources, *ex.notes]
    if ex.figure is not None:
        spec = json.loads(ex.figure.to_json())
        spec.get("layout", {}).pop("template", None)
        out += list(_walk(spec.get("data", []))) + list(_walk(spec.get("layout", {})))
    frame = ex.displayed
    out += [str(c) for c in frame.columns]
    for col in frame.columns:
        if frame[col].dtype == object:
            out += [v for v in frame[col] if isinstance(v, str)]
    return [TAG.sub(" ", s) for s in out if s]


def shown_numbers(text: str) -> list[str]:
    return SHOWN.findall(text)


def too_precise(shown: str, written: set) -> bool:
    """More than 4 significant digits, and not a figure as its source or a record wrote it."""
    parsed = fmt.parse(shown)
    if parsed is None:
        return False
    value = parsed[0]
    if len(value.normalize().as_tuple().digits) <= 4:
        return False
    return float(value) not in written


def written_values(con) -> set[float]:
    """Every value a source or a record wrote (figures, targets, records' amounts and counts)."""
    out = set()
    for sql in ("SELECT value FROM figures", "SELECT value FROM targets",
                "SELECT DISTINCT amount_cny FROM funding"):
        out |= {float(v) for (v,) in con.execute(sql).fetchall() if v is not None}
    return out


__all__ = ["exhibits", "texts", "shown_numbers", "too_precise", "written_values", "CJK", "pd"]
