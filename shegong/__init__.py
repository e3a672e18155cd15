"""Shegong Dashboard logic: data validation, warehouse build, named queries, maps, figures, formatting.

Pages import from here and only lay things out.
"""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
QUERIES_DIR = ROOT / "queries"
BOUNDARIES_DIR = DATA_DIR / "boundaries"
DEFAULT_WAREHOUSE = DATA_DIR / "warehouse.duckdb"

# The four provinces the dashboard compares, in display order.
PROVINCES = ("410000", "130000", "640000", "110000")


def public() -> bool:
    """The public, read-only deployment (SHEGONG_PUBLIC=1): no admin page, no uploads, no writes."""
    import os

    return os.environ.get("SHEGONG_PUBLIC", "").strip().lower() in ("1", "true", "yes")
