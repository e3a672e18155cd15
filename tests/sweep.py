"""Heavy sweeps (every exhibit × format, every exhibit × language, every page × language × screen size) are
sampled in the suite and run in full by benchmarks/sweeps.py, which sets SHEGONG_FULL_SWEEP=1."""
from __future__ import annotations

import os
from collections.abc import Sequence

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
