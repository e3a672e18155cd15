"""Filters that live in the URL (?province=130000&indicator=stations_built), so a view can be sent as a link.

Streamlit's own `bind="query-params"` puts the *formatted label* of a selectbox in the URL; we want the codes.
A value in the URL that is not an option (crafted or stale) is dropped and the default is used: it never raises.
"""
from __future__ import annotations

import streamlit as st


def _to_url(key: str) -> None:
    st.query_params[key] = st.session_state[key]


def select(label: str, options: dict[str, str], key: str, default: str | None = None, container=st) -> str:
    """A selectbox over option codes (shown by their labels) bound to the URL parameter `key`."""
    codes = list(options)
    wanted = st.query_params.get(key)
    if wanted is not None and wanted not in options:
        del st.query_params[key]
        wanted = None
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]  # options changed under a stored choice
    start = wanted if wanted is not None else default if default in options else codes[0]
    if wanted is not None and key in st.session_state:
        st.session_state[key] = wanted  # the URL was changed by hand: follow it
    return container.selectbox(label, codes, index=codes.index(start), format_func=options.get, key=key,
                               on_change=_to_url, args=(key,))
