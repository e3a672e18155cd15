"""Filters that live in the URL (?province=130000&indicator=stations_built), so a view can be sent as a link.

Streamlit's own `bind="query-params"` puts the *formatted label* of a selectbox in the URL; we want the codes.
A value in the URL that is not an option (crafted or stale) is dropped and the default is used: it never raises.
"""
from __future__ import annotations

import streamlit as st

from shegong import i18n
from shegong.i18n import t

CHOOSE, CHOOSE_SOME = "请选择", "请选择（可多选）"  # Streamlit's own placeholders are English
i18n.add({CHOOSE: "Choose an option", CHOOSE_SOME: "Choose one or more"})


def _to_url(key: str) -> None:
    st.query_params[key] = st.session_state[key]


def select(label: str, options: dict[str, str], key: str, default: str | None = None, container=st) -> str:
    """A selectbox over option codes (shown by their labels) bound to the URL parameter `key`."""
    codes = list(options)
    wanted = st.query_params.get(key)
    if wanted is not None and wanted not in options:
        del st.query_params[key]
        wanted = None
    if key in st.session_state and (st.session_state[key] not in options
                                    or wanted is not None and st.session_state[key] != wanted):
        del st.session_state[key]  # options changed under a stored choice, or the URL was changed: follow it
    start = wanted if wanted is not None else default if default in options else codes[0]
    return container.selectbox(label, codes, index=codes.index(start), format_func=options.get, key=key,
                               on_change=_to_url, args=(key,), placeholder=t(CHOOSE))


def multiselect(label: str, options: dict[str, str], key: str, default: list[str], container=st) -> list[str]:
    """A multiselect bound to ?key=a,b,c; unknown codes in the URL are dropped, an empty result means the default."""
    wanted = [c for c in st.query_params.get(key, "").split(",") if c in options]
    start = wanted or [c for c in default if c in options]
    if key in st.session_state and (not all(c in options for c in st.session_state[key])
                                    or wanted and st.session_state[key] != wanted):
        del st.session_state[key]
    chosen = container.multiselect(label, list(options), default=start, format_func=options.get, key=key,
                                   placeholder=t(CHOOSE_SOME),
                                   on_change=lambda: st.query_params.update({key: ",".join(st.session_state[key])}))
    return chosen or start


def year_range(label: str, first: int, last: int, key: str, container=st) -> tuple[int, int]:
    """A year slider bound to ?key=2019-2025; a malformed or out-of-range value falls back to the full range."""
    start, end = first, last
    raw = st.query_params.get(key, "")
    try:
        a, b = (int(x) for x in raw.split("-"))
        if first <= a <= b <= last:
            start, end = a, b
    except ValueError:
        if raw:
            del st.query_params[key]
    if key in st.session_state:
        a, b = st.session_state[key]
        if not (first <= a <= b <= last):
            del st.session_state[key]
    value = container.slider(label, first, last, (start, end), key=key,
                             on_change=lambda: st.query_params.update(
                                 {key: "-".join(str(x) for x in st.session_state[key])}))
    return value
