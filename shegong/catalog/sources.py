"""数据来源: every published figure and target with its source."""
from __future__ import annotations

from shegong import i18n
from shegong.catalog import tables
from shegong.catalog.registry import Exhibit, exhibit, register
from shegong.charts import base
from shegong.i18n import t
from shegong.queries import run


def _source_filters() -> dict[str, dict[str, str]]:
    options = run("figure_filters")
    regions = tables.options(options.drop_duplicates("region_code"), "region_code", "region_name")
    indicators = tables.options(options.drop_duplicates("indicator"), "indicator", "label_zh", "label_en")
    return {"region": {"": t("全部地区"), **{c: f"{n} ({c})" for c, n in regions.items()}},
            "indicator": {"": t("全部指标"), **indicators}}


@register("sources.figures", "数据来源：全部公开数字（表）", _source_filters)
def sources_figures(region: str, indicator: str) -> Exhibit:
    figures = run("figures_with_sources", region=region, indicator=indicator)
    return exhibit(None, tables.sources_table(figures), figures, title=t("公开报道中的社工站数字及其来源"),
                    subtitle=t("{n}条数字，所指日期：{span}", n=len(figures), span=base.date_span(figures)),
                    sources=base.sources_of(figures), notes=base.qualifier_notes(figures))


@register("sources.targets", "数据来源：政策目标（表）", lambda: {"region": _source_filters()["region"]})
def sources_targets(region: str) -> Exhibit:
    targets = run("targets_with_sources", region=region)
    return exhibit(None, tables.targets_table(targets), targets, title=t("政策目标"),
                    sources=base.sources_of(targets))


i18n.add({
    '公开报道中的社工站数字及其来源': 'Published figures on social work stations and their sources',
    '{n}条数字，所指日期：{span}': '{n} figures dated {span}',
    '数据来源：全部公开数字（表）': 'Sources: all published figures (table)',
    '数据来源：政策目标（表）': 'Sources: policy targets (table)',
})
