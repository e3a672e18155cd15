"""Every setting of the dashboard in one place: paths, and the SHEGONG_* environment variables.

Settings are read when asked, not at import, so a test or a command that sets a variable before calling sees it.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
QUERIES_DIR = ROOT / "queries"
BOUNDARIES_DIR = DATA_DIR / "boundaries"
DEFAULT_WAREHOUSE = DATA_DIR / "warehouse.duckdb"
DEFAULT_PROVINCES = ("410000", "130000", "640000", "110000")  # Henan, Hebei, Ningxia, Beijing


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes")


def public() -> bool:
    """SHEGONG_PUBLIC=1: the public, read-only deployment: no admin page, no uploads, no writes."""
    return _flag("SHEGONG_PUBLIC")


def warehouse() -> Path:
    """SHEGONG_WAREHOUSE: the DuckDB file the dashboard reads (default data/warehouse.duckdb)."""
    return Path(os.environ.get("SHEGONG_WAREHOUSE") or DEFAULT_WAREHOUSE)


def export_concurrency() -> int:
    """SHEGONG_EXPORT_CONCURRENCY: images rendered at once by the server's one chromium (default 1)."""
    return max(1, int(os.environ.get("SHEGONG_EXPORT_CONCURRENCY", "1")))


def export_wait() -> float:
    """SHEGONG_EXPORT_WAIT: seconds a download waits for a free renderer before it says 'busy' (default 60)."""
    return float(os.environ.get("SHEGONG_EXPORT_WAIT", "60"))


def wall_refresh() -> int:
    """SHEGONG_WALL_REFRESH: seconds between the 大屏's redraws (default 60; 5 to 300, as a wall display must show
    a rebuilt warehouse within five minutes)."""
    raw = os.environ.get("SHEGONG_WALL_REFRESH", "").strip() or "60"
    if not raw.isdigit() or not 5 <= int(raw) <= 300:
        raise ValueError(f"SHEGONG_WALL_REFRESH: {raw!r} is not a number of seconds from 5 to 300")
    return int(raw)


def snapshot_url() -> str:
    """SHEGONG_SNAPSHOT_URL: where the baked static snapshot is served (the live dashboard links to it)."""
    return os.environ.get("SHEGONG_SNAPSHOT_URL", "").strip()


def snapshot_dir() -> str:
    """SHEGONG_SNAPSHOT_DIR: the baked snapshot's folder on this server, to say when it was baked."""
    return os.environ.get("SHEGONG_SNAPSHOT_DIR", "").strip()


def admins() -> set[str]:
    """SHEGONG_ADMINS: e-mail addresses (comma or space separated) allowed to import once signed in."""
    return {a.strip().lower() for a in os.environ.get("SHEGONG_ADMINS", "").replace(",", " ").split() if a.strip()}


def reviewers() -> set[str]:
    """SHEGONG_REVIEWERS: who may approve others' changes (comma or space separated); unset: every admin may."""
    return {a.strip().lower() for a in os.environ.get("SHEGONG_REVIEWERS", "").replace(",", " ").split() if a.strip()}


def public_demo() -> bool:
    """SHEGONG_PUBLIC_DEMO=1: the operator's explicit opt-in to show (labelled) demo records in public mode."""
    return _flag("SHEGONG_PUBLIC_DEMO")


def provinces() -> tuple[str, ...]:
    """SHEGONG_PROVINCES: the provinces compared, comma-separated GB/T 2260 codes in display order
    (default 410000,130000,640000,110000). Menus, colours, titles, queries and the demo all follow this one setting;
    shegong.vocab.provinces() checks the codes against data/regions.csv."""
    raw = os.environ.get("SHEGONG_PROVINCES", "").replace(" ", ",").replace("，", ",")
    codes = tuple(dict.fromkeys(c.strip() for c in raw.split(",") if c.strip()))
    if not codes:
        return DEFAULT_PROVINCES
    bad = [c for c in codes if not re.fullmatch(r"[1-8]\d0000", c) or c == "100000"]
    if bad:
        raise ValueError(f"SHEGONG_PROVINCES: {', '.join(bad)} is not a province code "
                         "(six digits ending in 0000, e.g. 370000 for 山东)")
    return codes

def feedback() -> str:
    """SHEGONG_FEEDBACK: where readers send corrections and questions (an e-mail address or a URL), shown in every
    page's footer as 纠错/联系; empty: no footer line."""
    return os.environ.get("SHEGONG_FEEDBACK", "").strip()
