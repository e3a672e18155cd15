"""A number that knows what it means: value, unit, qualifier, scope, and whether a source wrote it or we computed it.

Published figures are shown with every digit their source wrote; a computed number (a sum, ratio, share or change)
is shown to 3–4 significant digits (`fmt.quantity`). The arithmetic here refuses what would mislead — adding or
subtracting figures of different scope or unit, dividing a pilot count into anything else — and derives the
qualifier of the result from its inputs: exact → ≥ is a lower bound (≥), two lower bounds give no change at all.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

# A qualifier says where the true value lies relative to the number: exactly on it, at or above it (余/超过/多),
# at or below it (only computed: exact minus a lower bound), or near it (约).
QUALIFIERS = ("exact", "at_least", "at_most", "approx")
_NEGATED = {"exact": "exact", "at_least": "at_most", "at_most": "at_least", "approx": "approx"}


class Incomparable(ValueError):
    """Two numbers that cannot honestly be combined; `reason` is a Chinese sentence (i18n.t gives English)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str = ""               # the Chinese unit as stored: 元, 个, 人, 人次, %, 元/站 …
    qualifier: str = "exact"     # one of QUALIFIERS
    scope: str | None = None     # cumulative, annual, stock, pilot (vocab.SCOPES); None for records and denominators
    computed: bool = False       # shown to 3–4 significant digits, never with every digit of the float

    def __post_init__(self):
        if self.qualifier not in QUALIFIERS:
            raise ValueError(f"unknown qualifier {self.qualifier!r}")


def combine(q1: str, q2: str) -> str:
    """Qualifier of a sum: bounds in the same direction add up; opposite bounds, or a bound and 约, say nothing."""
    if q1 == "exact":
        return q2
    if q2 == "exact" or q1 == q2:
        return q1
    raise Incomparable("一个是下限、一个是约数或上限，无法得出有意义的结果")


def _same(a: Quantity, b: Quantity, what: str) -> None:
    if a.unit != b.unit:
        raise Incomparable(f"单位不同，不能{what}")
    if a.scope and b.scope and a.scope != b.scope:
        raise Incomparable(f"口径不同，不能{what}")


def total(items) -> Quantity:
    """The sum of figures of one unit and scope; its qualifier follows from theirs."""
    items = list(items)
    if not items:
        raise Incomparable("没有可相加的数字")
    out = items[0]
    qualifier = out.qualifier
    for q in items[1:]:
        _same(out, q, "相加")
        qualifier = combine(qualifier, q.qualifier)
    scope = next((q.scope for q in items if q.scope), None)
    return Quantity(sum(q.value for q in items), out.unit, qualifier, scope, computed=len(items) > 1 or out.computed)


def change(new: Quantity, old: Quantity) -> Quantity:
    """new − old, for two figures of the same unit and scope: exact → ≥ gives ≥; ≥ → ≥ gives no change."""
    _same(new, old, "计算变化")
    qualifier = combine(new.qualifier, _NEGATED[old.qualifier])
    return Quantity(new.value - old.value, new.unit, qualifier, new.scope, computed=True)


def ratio(num: Quantity, den: Quantity, unit: str, percent: bool = False) -> Quantity:
    """num ÷ den (× 100 for a share). A lower bound over an exact count stays a lower bound; over a lower bound it
    becomes an upper bound. A pilot figure is divided only by another pilot figure (money per pilot station), never
    by a figure of another scope or a denominator (a pilot count is not coverage)."""
    if not den.value:
        raise Incomparable("分母为0")
    if num.scope == "pilot" and den.scope != "pilot":  # 126 pilot stations ÷ 2,233 townships is not coverage
        raise Incomparable("试点数字不能与其他口径的数字相除")
    qualifier = combine(num.qualifier, _NEGATED[den.qualifier])
    value = num.value / den.value * (100 if percent else 1)
    return Quantity(value, unit, qualifier, num.scope, computed=True)


def relative_change(new: Quantity, old: Quantity) -> Quantity:
    """(new − old) ÷ old in %: same rules as `change`, and none from a start of 0."""
    change(new, old)  # refuses what change refuses
    if not old.value:
        raise Incomparable("起点为0")
    q = ratio(replace(new, scope=None), replace(old, scope=None), "%", percent=True)
    return replace(q, value=q.value - 100, scope=new.scope)
