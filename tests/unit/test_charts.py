"""Chart functions on frames made here (the pages' charts against a warehouse: tests/data)."""
import pandas as pd

from shegong.charts import services


def test_monthly_chart_gives_imported_records_a_panel_of_their_own():
    df = pd.DataFrame({"month": pd.to_datetime(["2025-01-01"] * 2), "category": ["elderly"] * 2,
                       "service_type": ["visit"] * 2, "is_demo": [True, False], "people_served": [5, 7],
                       "sessions": [1, 2]})
    fig = services.monthly(df, "category", "people_served", "河南省").to_plotly_json()
    groups = {(t["stackgroup"], t["yaxis"]) for t in fig["data"]}
    assert groups == {("k1", "y"), ("k2", "y2")}


def validated_screen(fig, width):
    """A chart's screen copy as for_screen made it before pin_template: every part validated again."""
    import plotly.graph_objects as go

    from shegong.charts import base

    copy = go.Figure(fig)
    base.fit(copy, width or base.WIDTH, base.MODEBAR_BAND)
    copy.layout.meta = None
    copy.layout.template = base._template_for(tuple(sorted({tr.type for tr in copy.data})))
    return copy


def as_json(fig) -> str:
    import json

    return json.dumps(fig.to_plotly_json(), sort_keys=True, default=str)


def test_a_screen_copy_is_the_validated_copy_and_leaves_the_figure_and_template_alone():
    """for_screen skips plotly's second validation of the template (charts.base.pin_template, plotly internals):
    what it sends must be what a validated copy gives (every exhibit: tests/data/test_catalog.py), and changing the
    copy must change neither the cached figure nor the project's template."""
    import plotly.graph_objects as go

    from shegong.charts import base

    fig = go.Figure([go.Bar(x=["河南", "河北"], y=[515, 120], name="已建成"),
                     go.Scatter(x=["河南", "河北"], y=[600, 300], name="目标")])
    fig = base.frame(fig, "各省社工站", "单位：个", ["某省民政厅"], ["示例"])
    before = fig.to_plotly_json()
    font = base.TEMPLATE.layout.font.family

    shown = base.for_screen(fig, 358)
    assert as_json(shown) == as_json(validated_screen(fig, 358))
    assert set(shown.layout.template.data.to_plotly_json()) == {"bar", "scatter"}

    shown.layout.template.layout.font.family = "Comic Sans MS"
    assert base.TEMPLATE.layout.font.family == font
    assert base._template_for(("bar", "scatter")).layout.font.family == font
    assert fig.to_plotly_json() == before
