"""The committed boundary files are complete and drawable by plotly (clockwise exterior rings)."""
import json

import pandas as pd
import pytest
import shapely
from shapely.geometry import shape

from shegong.config import BOUNDARIES_DIR, DATA_DIR


def features(name):
    return json.loads((BOUNDARIES_DIR / f"{name}.geojson").read_text(encoding="utf-8"))["features"]


@pytest.mark.parametrize("name,count", [("provinces", 34), ("counties_410000", 157), ("counties_130000", 167),
                                        ("counties_640000", 22), ("counties_110000", 16)])
def test_feature_counts_and_rings(name, count):
    fs = features(name)
    assert len(fs) == count
    regions = pd.read_csv(DATA_DIR / "regions.csv", dtype=str).set_index("code")
    for f in fs:
        code = f["properties"]["code"]
        assert regions.loc[code, "name"] == f["properties"]["name"]
        geom = shape(f["geometry"])
        assert geom.is_valid, code
        polys = getattr(geom, "geoms", [geom])
        # plotly geo fills the outside of a counter-clockwise ring: every exterior must be clockwise
        assert all(not p.exterior.is_ccw for p in polys), code


def test_national_outline_keeps_the_islands_and_the_dash_line():
    hainan = shape(next(f for f in features("provinces") if f["properties"]["code"] == "460000")["geometry"])
    assert hainan.bounds[1] < 5  # 曾母暗沙 at ~3.9°N belongs to Hainan's outline
    taiwan = [f for f in features("provinces") if f["properties"]["code"] == "710000"]
    assert len(taiwan) == 1
    dash = shape(features("dashline")[0]["geometry"])
    assert dash.geom_type == "MultiLineString" and len(dash.geoms) >= 10
    assert shapely.get_num_geometries(dash) >= 10
