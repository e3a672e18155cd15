"""Every chart and table a user can see or export, by id: the one door pages, downloads and reports use.

`build(id, **params)` turns parameters into an Exhibit (figure or table, the data shown, the full series, title,
sources, notes, demo flag), so a downloaded image or table is always what the page shows (as OWID's Grapher keeps one
definition per chart). Exhibits are registered by page: overview, compare, province, funding, services, sources, changes
(更新日志); each page module also has the few page-ready texts its page needs (KPI cards, verdicts, notices).
"""
# importing the page modules registers their exhibits, in page order (menus, export --list and reports follow it)
from shegong.catalog import overview, compare, province, funding, services, sources, changes  # noqa: F401, I001
from shegong.catalog.common import compare_indicators, province_names
from shegong.catalog.registry import CATALOG, Exhibit, build, ids, options

__all__ = ["CATALOG", "Exhibit", "build", "ids", "options", "compare_indicators", "province_names",
           "changes", "compare", "funding", "overview", "province", "services", "sources"]
