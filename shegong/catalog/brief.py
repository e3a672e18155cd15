"""本期要点 for the nation or a province: the queries behind analysis.brief, cached per warehouse and language.

The same Brief feeds the 总览 and 省份详情 pages, the Word pack, the static snapshot, the one-page 简报 and the
command line, so a sentence reads the same everywhere. Public mode never passes demo register rows in.
"""
from __future__ import annotations

import datetime
import functools

from shegong import config, i18n, queries
from shegong.analysis import brief as brief_analysis
from shegong.catalog import province as province_catalog
from shegong.catalog import tables
from shegong.charts import base
from shegong.queries import run
from shegong.vocab import NATION, provinces


def brief(code: str, public: bool | None = None) -> brief_analysis.Brief:
    """The brief of a province or of the nation (100000); `public` (default: the deployment's mode) leaves out
    every statement from demo records (the static snapshot asks for it always)."""
    codes = (NATION, *provinces())  # the nation and the compared provinces (SHEGONG_PROVINCES)
    if code not in codes:
        raise ValueError(i18n.t("未知地区代码：{code}；可选：{known}", code=code, known=", ".join(codes)))
    return _brief(code, i18n.lang(), queries.identity(), datetime.date.today(),
                  config.public() if public is None else public)


@functools.lru_cache(maxsize=16)
def _brief(code: str, lang: str, warehouse: tuple, today: datetime.date, public: bool) -> brief_analysis.Brief:
    names = tables.options(run("region_names", regions=code), "code", "name")
    figures = run("figures_with_sources", region=code, indicator="")
    figures = figures[figures.in_series.astype(bool)]
    counties = None if code == NATION else run("province_counties", province=code, month="")
    return brief_analysis.build(code, names[code], figures, province_catalog.progress(code),
                                run("province_targets", province=code), counties, include_demo=not public,
                                register_sources=(i18n.t("站点登记数据（导入）"), i18n.t(base.DEMO_SOURCE)))


i18n.add({
    "站点登记数据（导入）": "Station registers (imported)",
    "未知地区代码：{code}；可选：{known}": "Unknown region code {code}; choose from {known}",
})
