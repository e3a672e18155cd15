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
