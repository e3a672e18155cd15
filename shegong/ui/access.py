"""Who may write (the 数据管理 page): sign-in with the organisation's identity service, an allow-list, or loopback.

- A provider configured (`[auth]` in .streamlit/secrets.toml: Streamlit's own st.login with OpenID Connect): the page
  appears once a visitor has signed in with an address the provider says it has verified (`email_verified` is the
  boolean true: "false", 0 or a missing claim count as not verified; no per-provider exception is made, so a provider
  that never sends the claim, such as Entra ID, admits nobody); only addresses on SHEGONG_ADMINS may import, compared
  after NFKC normalisation and case folding on both sides, and an address that NFKC would change (a KELVIN SIGN for a
  K, full-width letters) is refused outright. Each import is logged with the provider's subject (`sub`), the address
  and the client address.
- No provider: the page exists only when the server listens on loopback alone (server.address 127.0.0.1 or
  localhost: one person's laptop, `make run`); the import log names the operating-system user and the client address.
- The public deployment (SHEGONG_PUBLIC=1): never.

Listening on loopback is not "only the operator": any page open in the operator's browser may open a websocket to the
app (Streamlit accepts an Origin of localhost on any port), and a DNS-rebinding name reaches it too. So the page and
every write also require the session's own websocket request (st.context.headers) to come from the served address:
a Host of localhost, 127.0.0.1 or [::1] with the server's port in local mode, and an Origin naming exactly that Host
(same scheme-less host and port) in either mode. `server.allowedHosts` (.streamlit/config.toml, the Makefile) refuses
other Host names before any script runs.
"""
from __future__ import annotations

import getpass
import unicodedata
from urllib.parse import urlsplit

import streamlit as st

from shegong import config
from shegong.escape import md

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
LOCAL_NAMES = ("localhost", "127.0.0.1", "[::1]")


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


# ------------------------------------------------------------------------------------------- the session's origin

def request_headers() -> dict[str, str]:
    """The headers of this session's websocket request, lower-case keys (empty outside a server)."""
    try:
        return {k.lower(): v for k, v in st.context.headers.items()}
    except Exception:  # no session (a bare script run)
        return {}


def served_hosts() -> set[str]:
    """The Host values under which the local (no sign-in) server is the operator's own: loopback names with its port."""
    port = st.get_option("server.port")
    return {f"{name}:{port}" for name in LOCAL_NAMES}


def same_origin() -> bool:
    """Whether this session was opened by a page of this very server: an Origin whose host and port are exactly the
    Host the browser connected to (and, in local mode, a loopback name with the server's port). A page from another
    port or site, a rebinding host name or a client that sends no Origin fails."""
    h = request_headers()
    host, origin = (h.get("host") or "").strip().lower(), (h.get("origin") or "").strip().lower()
    if not host or not origin:
        return False
    try:
        o = urlsplit(origin)
    except ValueError:
        return False
    if o.scheme not in ("http", "https") or o.netloc != host or o.path not in ("", "/"):
        return False
    return mode() != "local" or host in served_hosts()


def client_address() -> str:
    """The connecting address (loopback when Streamlit gives none), with any X-Forwarded-For beside it, as sent."""
    try:
        ip = st.context.ip_address or "127.0.0.1"
    except Exception:
        ip = "?"
    forwarded = request_headers().get("x-forwarded-for", "").strip()
    return f"{ip} (X-Forwarded-For {forwarded[:100]})" if forwarded else ip


# ------------------------------------------------------------------------------------------------------ sign-in

def signed_in() -> bool:
    return mode() == "signin" and bool(st.user.get("is_logged_in", False))


def canonical(address: str) -> str:
    """An address as compared with the allow-list: NFKC-normalised, case-folded, trimmed."""
    return unicodedata.normalize("NFKC", str(address)).casefold().strip()


def email() -> str:
    """The signed-in user's address, case-folded ('' when not signed in, not verified, or not in NFKC form)."""
    if not signed_in():
        return ""
    if st.user.get("email_verified") is not True:  # "false", 0, None or missing: an unchecked address proves nothing
        return ""
    raw = str(st.user.get("email") or "").strip()
    if unicodedata.normalize("NFKC", raw) != raw:  # a KELVIN SIGN posing as K: another account, never on the list
        return ""
    return canonical(raw)


def admins() -> set[str]:
    return {canonical(a) for a in config.admins()}


def page_visible() -> bool:
    """Whether the navigation has the admin page (the page itself still checks allowed())."""
    m = mode()
    return same_origin() and (m == "local" or (m == "signin" and signed_in()))


def allowed() -> bool:
    """Whether this session may import: opened from the served address, and on loopback alone or signed in with a
    verified address on SHEGONG_ADMINS."""
    m = mode()
    if not same_origin():
        return False
    if m == "local":
        return True
    return m == "signin" and bool(email()) and email() in admins()


def who() -> str:
    """The name logged with an import: the provider's subject, the address and the client address; or the
    operating-system user and the client address."""
    if mode() == "signin":
        sub = str(st.user.get("sub") or "?")
        iss = str(st.user.get("iss") or "")
        return f"sub {sub}{f' ({iss})' if iss else ''} {email()} from {client_address()}"
    return f"{getpass.getuser()} (OS user, no sign-in) from {client_address()}"


def person() -> str:
    """Who a review names and compares (the one who entered a change cannot approve it; SHEGONG_REVIEWERS lists
    addresses): the verified, case-folded address when signed in, else the operating-system user. The import log
    keeps `who()` as well, with the subject and the client address."""
    if mode() == "signin":
        return email()
    return getpass.getuser()


def sign_in_controls(t) -> None:
    """Sidebar: 管理员登录 / 退出登录 when a provider is configured (nothing otherwise)."""
    if mode() != "signin":
        return
    if signed_in():
        st.sidebar.caption(t("已登录：{who}", who=md(st.user.get("email") or st.user.get("name") or "")))
        if st.sidebar.button(t("退出登录"), key="sign_out"):
            st.logout()
    elif st.sidebar.button(t("管理员登录"), key="sign_in"):
        st.login()
