"""Filters that live in the URL (?province=130000&indicator=stations_built), so a view can be sent as a link.

Streamlit's own `bind="query-params"` puts the *formatted label* of a selectbox in the URL; we want the codes.
A value in the URL that is not an option (crafted or stale) is dropped and the default is used: it never raises.

One rule for every control (`_settle`): before a widget is drawn, its value is decided once — the URL's if valid,
else the session's if still valid, else the default — and written to BOTH the session state and the URL. So when a
control's options depend on another control (indicator → 口径, province → 月份) and the current value is no longer
an option, the box, the drawing and the shared link all fall back to the same default together; the box never keeps
showing a value the page no longer draws.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from shegong import i18n
from shegong.i18n import t

CHOOSE, CHOOSE_SOME = "请选择", "请选择（可多选）"  # Streamlit's own placeholders are English
i18n.add({CHOOSE: "Choose an option", CHOOSE_SOME: "Choose one or more"})


def _settle(key: str, from_url: Callable[[str], Any], valid: Callable[[Any], bool], default: Any,
            to_url: Callable[[Any], str], sticky: bool = False) -> None:
    """Decide the control's value before it is drawn and make the session state and the URL say it.

    A `sticky` control (the language) keeps the session's value when the URL has none, as after a click in the
    navigation (which drops the query); any other control then opens on its page's default."""
    raw = st.query_params.get(key)
    wanted = from_url(raw) if raw is not None else None
    if wanted is not None and not valid(wanted):
        wanted = None
    stored = st.session_state.get(key)
    if wanted is not None:
        value = wanted  # a link or the back button changed the URL: follow it
    elif sticky and stored is not None and valid(stored):
        value = stored  # the language chosen on another page
    else:
        value = default
    # always assigned, even when unchanged: a widget with the same key on another page is another widget (its id
    # includes the page), which would otherwise start from its own default while the session state says otherwise
    st.session_state[key] = value
    # the URL names every value that is not the default; the default is the absent parameter
    if value == default:
        if key in st.query_params:
            del st.query_params[key]
    elif raw != to_url(value):
        st.query_params[key] = to_url(value)


def share_url() -> str:
    """The page's address with its current filters (the query parameters every control above keeps in step): the
    link that opens this view again. '' where the browser's address is unknown (AppTest)."""
    from urllib.parse import urlencode

    try:
        page = st.context.url
    except Exception:  # no page context (a worker thread)
        page = None
    if not page:
        return ""
    query = urlencode(st.query_params.to_dict())
    return page + ("?" + query if query else "")


def _to_url(key: str, to_url: Callable[[Any], str]) -> Callable[[], None]:
    return lambda: st.query_params.update({key: to_url(st.session_state[key])})


def select(label: str, options: dict[str, str], key: str, default: str | None = None, container=st,
           sticky: bool = False) -> str:
    """A selectbox over option codes (shown by their labels) bound to the URL parameter `key`."""
    codes = list(options)
    start = default if default in options else codes[0]
    _settle(key, str, lambda v: v in options, start, str, sticky)
    return container.selectbox(label, codes, format_func=options.get, key=key, on_change=_to_url(key, str),
                               placeholder=t(CHOOSE))


def _join(values) -> str:
    return ",".join(values)


def multiselect(label: str, options: dict[str, str], key: str, default: list[str], container=st) -> list[str]:
    """A multiselect bound to ?key=a,b,c; unknown codes in the URL are dropped, an empty result means the default."""
    start = [c for c in default if c in options]

    def parse(raw: str) -> list[str] | None:
        return [c for c in raw.split(",") if c in options] or None

    _settle(key, parse, lambda v: bool(v) and all(c in options for c in v), start, _join)
    chosen = container.multiselect(label, list(options), format_func=options.get, key=key,
                                   on_change=_to_url(key, _join), placeholder=t(CHOOSE_SOME))
    return chosen or start


def year_range(label: str, first: int, last: int, key: str, container=st) -> tuple[int, int]:
    """A year slider bound to ?key=2019-2025; a malformed or out-of-range value falls back to the full range.

    When the span changes (another indicator has data in other years) a choice outside it is reset to the span."""
    def parse(raw: str) -> tuple[int, int] | None:
        try:
            a, b = (int(x) for x in raw.split("-"))
            return a, b
        except ValueError:
            return None

    def dashed(v) -> str:
        return "-".join(str(x) for x in v)

    _settle(key, parse, lambda v: first <= v[0] <= v[1] <= last, (first, last), dashed)
    if first == last:  # one year: a slider cannot span it, and there is nothing to choose
        return first, last
    return tuple(container.slider(label, first, last, key=key, on_change=_to_url(key, dashed)))
