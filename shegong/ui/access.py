"""Who may write (the 数据管理 page): sign-in with the organisation's identity service, an allow-list, or loopback.

- A provider configured (`[auth]` in .streamlit/secrets.toml: Streamlit's own st.login with OpenID Connect): the page
  appears once a visitor has signed in; only addresses listed in SHEGONG_ADMINS may import, and each import is
  logged with that address.
- No provider: the page exists only when the server listens on loopback alone (server.address 127.0.0.1 or
  localhost: one person's laptop, `make run`); the import log names the system user.
- The public deployment (SHEGONG_PUBLIC=1): never.
"""
from __future__ import annotations

import getpass

import streamlit as st

from shegong import config

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def provider() -> bool:
    """Whether sign-in is configured ([auth] with a client in the secrets)."""
    try:
        auth = st.secrets.get("auth")
    except Exception:  # no secrets file at all, or one that does not parse: no provider
        return False
    return bool(auth) and bool(auth.get("client_id")) and bool(auth.get("server_metadata_url"))


def loopback_only() -> bool:
    """Whether this server listens on loopback alone (unset means every address)."""
    address = (st.get_option("server.address") or "").strip().lower()
    return address in LOOPBACK or address.startswith("127.")


def mode() -> str:
    """'off' (no admin page), 'local' (loopback, no sign-in) or 'signin'."""
    if config.public():
        return "off"
    if provider():
        return "signin"
    return "local" if loopback_only() else "off"


def signed_in() -> bool:
    return mode() == "signin" and bool(st.user.get("is_logged_in", False))


def email() -> str:
    """The signed-in user's address ('' when not signed in or when the provider sent none)."""
    if not signed_in():
        return ""
    if st.user.get("email_verified") is False:  # an address the provider has not checked proves nothing
        return ""
    return str(st.user.get("email") or "").strip().lower()


def page_visible() -> bool:
    """Whether the navigation has the admin page (the page itself still checks allowed())."""
    m = mode()
    return m == "local" or (m == "signin" and signed_in())


def allowed() -> bool:
    """Whether this session may import: on loopback alone, or signed in with an address on SHEGONG_ADMINS."""
    m = mode()
    if m == "local":
        return True
    return m == "signin" and bool(email()) and email() in config.admins()


def who() -> str:
    """The name logged with an import."""
    return email() if mode() == "signin" else f"{getpass.getuser()}@localhost"


def sign_in_controls(t) -> None:
    """Sidebar: 管理员登录 / 退出登录 when a provider is configured (nothing otherwise)."""
    if mode() != "signin":
        return
    if signed_in():
        st.sidebar.caption(t("已登录：{who}", who=st.user.get("email") or st.user.get("name") or ""))
        if st.sidebar.button(t("退出登录"), key="sign_out"):
            st.logout()
    elif st.sidebar.button(t("管理员登录"), key="sign_in"):
        st.login()
