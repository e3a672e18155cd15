"""Deterministic DEMO data: township social work stations, their funding and their monthly services.

There is no public register of 乡镇(街道)社工站, so the dashboard ships synthetic data for real counties. Every
row says is_demo = true and every township, station and agency name starts with 示例 ("example"). Totals are
pinned to the published figures (MILESTONES, FUNDING_PINS) so that a demo chart never contradicts the sources
page; everything between those pins is random but reproducible: the same scale and seed give byte-identical
files (one numpy Generator, consumed in a fixed order; every output sorted).

    generate("provinces", 1, Path("out"))  ->  out/stations.csv, out/funding.csv, out/services.parquet
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import shapely
from shapely.geometry import shape

from shegong.config import BOUNDARIES_DIR, DATA_DIR
from shegong.vocab import PROVINCES

NATION = "100000"
NOT_MAINLAND = ("710000", "810000", "820000")  # no township programme data: Taiwan, Hong Kong, Macao
FULL = -1  # milestone value meaning "every station of the region" (full coverage)

# Day and month grids: stations open 2019-01-01 .. 2025-12-31; status is as of the last day.
START, END = np.datetime64("2019-01-01"), np.datetime64("2025-12-31")
N_DAYS = int((END - START).astype(np.int64)) + 1
N_MONTHS = 84  # 2019-01 .. 2025-12
SCALES = {  # first service month (index from 2019-01) and funding years
    "provinces": {"first_month": 0, "years": tuple(range(2019, 2026))},
    "national": {"first_month": 24, "years": tuple(range(2021, 2026))},
}

# ---------------------------------------------------------------------------------------------------------------
# Townships (one station each). Province totals are the coverage denominators of figures.csv (S020, S041, S046);
# the other 27 provinces share the rest of the national 38741 (S021) by their number of county-level units.
TOWNSHIPS = {NATION: 38741, "410000": 2381, "130000": 2233, "640000": 229, "110000": 343}
FIXED_TOWNSHIPS = {  # sub-regions whose size a milestone depends on
    "131000": 108,  # Langfang: 108 townships/streets (S033)
    "131100": 118,  # Hengshui: 118 (S035)
    "640521": 12,   # Zhongning: all 12 townships (S038)
    "410700": 125,  # Xinxiang: 118 built 2023-07, full coverage expected a month later (S027); 125 is a demo guess
    "410900": 89,   # Puyang: 31 townships + 44 towns + 14 streets (S026)
    "110114": 22,   # Changping: 19 centres = 85% coverage (S052)
    "130602": 10,   # Jingxiu: needs >= 5 (S037); demo guess
}
SECOND_STATIONS = {"131000": 13}  # Langfang has 121 stations for its 108 townships (S033)
OTHER_SECOND_SHARE = 0.003        # elsewhere a few townships have two stations (not in FIXED_TOWNSHIPS regions)
PLANNED = {"410000": 3, "130000": 3, "640000": 1, "110000": 2}  # extra, not yet opened stations ("a handful")
OTHER_PLANNED = 2                                               # per other province
PILOT_BATCH = {  # earliest stations of a province that are still pilot stations
    "410000": 512,  # S023: first pilot batch of 512 townships (2021-05)
    "130000": 126,  # S001: 126 pilot stations in 2021
    "640000": 20,   # demo
    "110000": 30,   # demo
}
OTHER_PILOT_SHARE = 0.03
EARLY_PROVINCES = 7  # S004: seven provinces had full coverage by 2022-06-30 (which ones is random here)

# Milestones: cumulative stations with opened_on <= date and status != planned. Curves are piecewise linear
# between the points; each region starts at 0 and ends at FULL. Sub-regions (NESTING) are laid first and the rest
# of the parent gets the remainder, which must not decrease. Notes: "Sxxx" = published figure (sources.csv),
# "demo" = a shape assumed for the demo, "target" = a published plan used as the demo's shape, "assumption" = a
# date or count the demo assumes that no source states (never cited: tests/test_demo.py checks every citation).
NESTING = {
    NATION: PROVINCES,
    "410000": ("410300", "410700", "410900"),
    "130000": ("130602", "130100", "131000", "131100"),
    "640000": ("640521",),
    "110000": ("110114",),
}
MILESTONES = (
    # national scale only
    (NATION, "2019-01-01", 0, "demo: window start"),
    (NATION, "2019-12-31", 2500, "demo: early provincial programmes"),
    (NATION, "2020-12-31", 6000, "demo"),
    (NATION, "2021-11-05", 12500, "S003: over 12 thousand built"),
    (NATION, "2021-12-31", 17500, "S002: 1.7万余 built by the Q4-2021 meeting"),
    (NATION, "2022-06-30", 21700, "S004: over 21 thousand, coverage 56% of 38741"),
    (NATION, "2022-12-31", 27000, "demo"),
    (NATION, "2023-12-31", 33500, "demo"),
    (NATION, "2024-12-31", 37000, "demo"),
    (NATION, "2025-12-31", FULL, "target S003: basic full coverage in the 14th FYP"),
    # Henan
    ("410000", "2020-09-30", 0, "demo: before the first pilots"),
    ("410000", "2021-05-18", 70, "S023: 70 demonstration stations"),
    ("410000", "2021-12-08", 515, "S022: 515 built and operating"),
    ("410000", "2022-12-31", 1300, "demo: 'two years to roll out'"),
    ("410000", "2023-12-31", 1950, "demo"),
    ("410000", "2024-12-31", 2250, "demo"),
    ("410000", "2025-12-31", FULL, "target S001: full coverage by end-2025"),
    ("410300", "2021-03-31", 0, "demo"),
    ("410300", "2022-06-10", 35, "S025: 35 operating citywide"),
    ("410300", "2022-12-31", 110, "target S025: 110 by end-2022"),
    ("410300", "2024-12-31", FULL, "demo"),
    ("410700", "2021-04-30", 0, "demo"),
    ("410700", "2022-12-31", 80, "demo"),
    ("410700", "2023-07-11", 118, "S027: 118 built"),
    ("410700", "2023-08-31", FULL, "target S027: full coverage by end-August 2023"),
    ("410900", "2021-05-31", 0, "demo: first plaques 2021-06 (S026)"),
    ("410900", "2021-12-31", 27, "target S026: 27 in 2021"),
    ("410900", "2023-12-31", FULL, "target S026: 89 in three years"),
    # Hebei
    ("130000", "2021-03-15", 0, "demo: pilots start 2021"),
    ("130000", "2021-03-16", 5, "demo: Jingxiu's five (S037) are the first"),
    ("130000", "2021-12-31", 126, "S001: 126 pilot stations in 2021"),
    ("130000", "2022-12-31", 1700, "demo"),
    # Langfang (2022-08) and Hengshui (2023-03) report full coverage; no source gives a date for the province
    ("130000", "2023-06-30", FULL, "assumption (no source): full coverage of the province by mid-2023"),
    ("130602", "2021-03-15", 0, "demo"),
    ("130602", "2021-03-16", 5, "S037: five stations given plaques"),
    ("130602", "2022-06-30", FULL, "demo"),
    ("130100", "2021-03-31", 0, "demo"),
    ("130100", "2022-02-28", 45, "S036: 45 stations"),
    ("130100", "2023-06-30", FULL, "demo"),
    ("131000", "2022-01-01", 0, "demo"),
    ("131000", "2022-08-16", FULL, "S033: 121 stations, full coverage"),
    ("131100", "2022-01-01", 0, "demo"),
    ("131100", "2023-03-20", FULL, "S035: all 118 covered"),
    # Ningxia
    ("640000", "2020-06-30", 0, "demo"),
    ("640000", "2020-12-31", 15, "demo: early pilots"),
    ("640000", "2021-12-31", 130, "demo"),
    ("640000", "2022-12-31", FULL, "S040: full coverage described as achieved"),
    ("640521", "2021-03-31", 0, "demo"),
    ("640521", "2021-08-08", FULL, "S038: all 12 in place"),
    # Beijing
    ("110000", "2019-01-01", 0, "demo: window start"),
    ("110000", "2019-12-31", 20, "demo: street stations piloted before the 2021 plan"),
    ("110000", "2020-12-31", 45, "demo"),
    # the end-2021 source of Beijing counts social work talent (76,800), not stations
    ("110000", "2021-12-31", 100, "assumption (no source): about 100 by end-2021"),
    ("110000", "2022-12-31", 190, "demo"),
    ("110000", "2023-12-31", 270, "demo"),
    ("110000", "2024-12-31", 320, "demo"),
    # Beijing's 14th-FYP target is a social worker in every township/street, not a station
    ("110000", "2025-12-31", FULL, "assumption (no source): a station in every township/street by end-2025"),
    ("110114", "2021-01-01", 0, "demo"),
    ("110114", "2022-12-31", 11, "S052: 8 new in 2023 bring it to 19"),
    ("110114", "2023-06-30", 11, "S052 (article of 2023-07-21)"),
    ("110114", "2023-12-31", 19, "S052: 19 town/street centres"),
    ("110114", "2025-12-31", FULL, "demo"),
)

# ---------------------------------------------------------------------------------------------------------------
# Funding. Model: per county and year, money for operating, newly opened and next year's stations; provincial
# top-ups; 三区计划 in rural counties; disaster relief projects after real disasters. Then FUNDING_PINS set the
# published totals exactly (in cents); a pinned row is not rescaled again by a later pin. A pin covers what
# queries/funding_published.sql sets beside the figure: every programme of the region (a prefecture: its counties)
# in the year, or up to it. An at_least pin (余/多/超过) keeps the total within the figure's step, the place of its
# last non-zero digit (1800余万: at least 1,800万 and under 1,900万): a total inside is left alone, one outside is
# set to a random amount inside.
PROGRAMS = ("乡镇(街道)社工站建设", "三区计划", "灾后社会工作服务项目")
SOURCES = ("fiscal", "lottery", "social", "other")
RATE_OPERATING, RATE_NEW, RATE_NEXT = 70_000, 50_000, 10_000  # yuan per station and year
COST = {"410000": 0.75, "130000": 1.0, "640000": 0.9, "110000": 1.8}  # others: uniform 0.8..1.3
DISASTERS = (  # province, year, county code prefixes, yuan, what it is modelled on
    ("410000", 2021, ("4101", "4105", "4106", "4107"), 12_000_000, "July 2021 Henan floods"),
    ("140000", 2021, ("14",), 6_000_000, "October 2021 Shanxi floods"),
    ("510000", 2022, ("513322",), 3_000_000, "September 2022 Luding earthquake"),
    ("110000", 2023, ("110109", "110111"), 5_000_000, "July 2023 floods in Mentougou and Fangshan"),
    ("130000", 2023, ("1306", "1310"), 8_000_000, "August 2023 floods in Baoding and Langfang"),
    ("620000", 2024, ("622927",), 3_000_000, "December 2023 Jishishan earthquake"),
)
FUNDING_PINS = (  # region, years (None = all <= 2021), program (None = all), kind, yuan, note
    ("640521", (2021,), None, "exact", 2_910_000, "S038: 2.91 million for 21 projects in 2021"),
    ("130000", (2021,), None, "at_least", 18_000_000, "S001: 1800余万 for the pilots in 2021"),
    ("411600", (2021,), None, "at_least", 1_270_000, "S028: 127万余 secured in Zhoukou (2021-07)"),
    ("410000", (2021,), None, "at_least", 55_000_000, "S023: 5500余万 for the first batch in 2021"),
    ("410000", None, None, "exact", 89_466_600, "S001/S022: cumulative to December 2021"),
    (NATION, (2021,), None, "exact", 2_490_000_000, "S002: about 2.49 billion in 2021 (national scale)"),
)

# Social workers posted (驻站社工), pinned like stations: the workers of the stations built (not planned, not stopped)
# by the end of the figure's month, as the monthly roll-up counts them, equal an exact figure and stay within the
# step of an at_least one. Sub-regions first; a pinned station keeps its workers when a later pin adjusts the rest.
WORKER_PINS = (  # region, month of the figure, kind, persons, note
    ("640521", "2021-08", "exact", 48, "S038: 48 social workers stationed"),
    ("410700", "2023-07", "exact", 189, "S027: 189 social workers stationed"),
    ("410000", "2021-12", "at_least", 1000, "S001/S022: 超过1000人"),
    (NATION, "2021-11", "at_least", 30000, "S003: over 30 thousand (national scale)"),
    (NATION, "2021-12", "at_least", 40000, "S002: 4万余 (national scale)"),
    (NATION, "2022-06", "at_least", 53000, "S004: over 53 thousand (national scale)"),
)

# ---------------------------------------------------------------------------------------------------------------
# Services: one row per station, month and (category, service type) that happened.
CATEGORIES = ("subsistence", "extreme_poverty", "left_behind_children", "children_in_difficulty", "elderly",
              "disabled", "other")
SERVICE_TYPES = ("visit", "casework", "group", "community", "training", "other")
CAT_WEIGHT = np.array([1.1, 0.8, 1.3, 0.8, 1.6, 0.9, 0.5])  # elderly and left-behind children most common
TYPE_WEIGHT = np.array([1.9, 1.0, 0.8, 1.0, 0.45, 0.55])    # home visits most common
KIND_CAT = np.array([[0.9, 0.8, 0.5, 0.9, 1.15, 1.0, 1.3],    # 街道: few left-behind children
                     [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],     # 镇
                     [1.1, 1.2, 1.25, 1.0, 1.0, 1.0, 0.8]])   # 乡
KIND_TYPE = np.array([[0.9, 1.0, 1.1, 1.2, 1.0, 1.0], [1.0] * 6, [1.1, 1.0, 0.9, 0.8, 1.0, 1.0]])
P_SCALE = 0.34  # calibrated for ~14.5 rows per open station-month
SEASON = np.array([1.05, 0.75, 0.95, 1.0, 1.0, 1.0, 1.05, 1.05, 1.0, 1.0, 1.0, 1.05])  # Feb: Spring Festival
EXTRA_SESSIONS = np.array([5.0, 2.0, 1.0, 0.3, 0.2, 0.5])  # sessions = 1 + Poisson(this * activity)
PEOPLE_PER_SESSION = np.array([1.4, 1.0, 9.0, 30.0, 15.0, 5.0])
SOCIAL_WORKERS_P = np.array([0.03, 0.30, 0.35, 0.20, 0.08, 0.03, 0.01])  # 0..6, mean ~2.1
KINDS = ("街道", "镇", "乡")
KIND_P = {"区": (0.6, 0.33, 0.07), "市": (0.3, 0.5, 0.2), "": (0.07, 0.55, 0.38)}  # by county name suffix


def generate(scale: str, seed: int, out: Path) -> dict[str, Path]:
    """Write out/stations.csv, out/funding.csv, out/services.parquet for `scale` and return their paths."""
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {sorted(SCALES)}, not {scale!r}")
    cfg = SCALES[scale]
    rng = np.random.default_rng(seed)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    regions = pd.read_csv(DATA_DIR / "regions.csv", dtype=str, keep_default_na=False)
    st = _stations(rng, regions, scale)
    paths = {"stations": out / "stations.csv", "funding": out / "funding.csv", "services": out / "services.parquet"}
    _write_stations(st, paths["stations"])
    _write_funding(_funding(rng, st, regions, cfg["years"], scale), paths["funding"])
    _write_services(rng, st, cfg["first_month"], paths["services"])
    return paths


# --- stations ---------------------------------------------------------------------------------------------------
def _alloc(rng, total: int, n: int, minimum: int = 3) -> np.ndarray:
    """Split `total` townships over `n` counties at random, each getting at least `minimum`."""
    assert total >= minimum * n, (total, n)
    w = rng.gamma(4.0, size=n)
    return minimum + rng.multinomial(total - minimum * n, w / w.sum())


def _largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
    """Integers proportional to weights that sum to exactly `total`."""
    q = total * weights / weights.sum()
    base = np.floor(q).astype(np.int64)
    base[np.argsort(-(q - base), kind="stable")[: total - base.sum()]] += 1
    return base


def _in_region(code: str, county: pd.Series, parent: pd.Series) -> np.ndarray:
    """Mask of counties inside region `code` (nation, province, prefecture or the county itself)."""
    if code == NATION:
        return np.ones(len(county), bool)
    if code.endswith("0000"):
        return np.array(county.str[:2] == code[:2], dtype=bool)
    return np.array((county == code) | (parent == code), dtype=bool)


def _stations(rng, regions: pd.DataFrame, scale: str) -> pd.DataFrame:
    provinces = list(PROVINCES)
    if scale == "national":
        all_prov = regions.loc[regions.level == "province", "code"]
        provinces += sorted(c for c in all_prov if c not in PROVINCES and c not in NOT_MAINLAND)
    cty = regions[(regions.level == "county") & regions.code.str[:2].isin([p[:2] for p in provinces])]
    cty = cty.sort_values("code").reset_index(drop=True)
    cty["province"] = cty.code.str[:2] + "0000"

    # townships per county
    totals = dict(TOWNSHIPS)
    others = [p for p in provinces if p not in PROVINCES]
    if others:
        n_cty = cty[cty.province.isin(others)].groupby("province").size().reindex(others).to_numpy()
        share = _largest_remainder(TOWNSHIPS[NATION] - sum(TOWNSHIPS[p] for p in PROVINCES), n_cty.astype(float))
        totals.update(zip(others, share.tolist()))
    n_town = np.zeros(len(cty), np.int64)
    for p in provinces:
        left = _in_region(p, cty.code, cty.parent_code)
        remaining = totals[p]
        for r, n in FIXED_TOWNSHIPS.items():
            m = _in_region(r, cty.code, cty.parent_code) & left
            if r[:2] == p[:2] and m.any():
                n_town[m] = _alloc(rng, n, int(m.sum()))
                left &= ~m
                remaining -= n
        n_town[left] = _alloc(rng, remaining, int(left.sum()))

    # townships: kind by county type, numbered per county and kind (streets, towns, townships)
    ci = np.repeat(np.arange(len(cty)), n_town)
    suffix = cty.name.str[-1].where(cty.name.str[-1].isin(["区", "市"]), "").to_numpy()[ci]
    p_street = np.select([suffix == "区", suffix == "市"], [KIND_P["区"][0], KIND_P["市"][0]], KIND_P[""][0])
    p_town = np.select([suffix == "区", suffix == "市"], [KIND_P["区"][1], KIND_P["市"][1]], KIND_P[""][1])
    u = rng.random(len(ci))
    kind = np.where(u < p_street, 0, np.where(u < p_street + p_town, 1, 2))
    tw = pd.DataFrame({"ci": ci, "kind": kind}).sort_values(["ci", "kind"], kind="stable", ignore_index=True)
    tw["num"] = tw.groupby(["ci", "kind"]).cumcount() + 1
    exact = np.zeros(len(cty), bool)
    for r in FIXED_TOWNSHIPS:
        exact |= _in_region(r, cty.code, cty.parent_code)
    tw_exact = exact[tw.ci.to_numpy()]

    # second stations: Langfang's 13, a few elsewhere; planned extras: a handful per province
    second = rng.random(len(tw)) < OTHER_SECOND_SHARE
    second &= ~tw_exact
    for r, n in SECOND_STATIONS.items():
        idx = np.flatnonzero(_in_region(r, cty.code, cty.parent_code)[tw.ci.to_numpy()])
        second[rng.choice(idx, n, replace=False)] = True
    planned = np.zeros(len(tw), bool)
    tw_prov = cty.province.to_numpy()[tw.ci.to_numpy()]
    for p in provinces:
        idx = np.flatnonzero((tw_prov == p) & ~tw_exact & ~second)
        planned[rng.choice(idx, PLANNED.get(p, OTHER_PLANNED), replace=False)] = True
    extra = tw[second | planned].assign(second=True, planned=planned[second | planned])
    st = pd.concat([tw.assign(second=False, planned=False), extra], ignore_index=True)
    st = st.sort_values(["ci", "kind", "num", "second"], ignore_index=True)

    st["county_code"] = cty.code.to_numpy()[st.ci]
    st["seq"] = st.groupby("ci").cumcount() + 1
    st["station_id"] = st.county_code + "-" + st.seq.map("{:03d}".format)
    st["township"] = "示例" + st.kind.map(dict(enumerate(KINDS))) + st.num.map("{:02d}".format)
    st["name"] = (cty.name.to_numpy()[st.ci] + st.township + np.where(st.second, "第二", "")
                  + "社会工作服务站")
    st["province"] = cty.province.to_numpy()[st.ci]

    _open_dates(rng, st, cty, provinces, scale)
    _status(rng, st, provinces)
    _pin_workers(rng, st, cty, scale)
    _operators(rng, st, cty)
    _points(rng, st)
    return st


def _milestone_curves() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Region -> (day index, cumulative count) arrays; FULL stays -1 until the region's size is known."""
    curves: dict[str, list] = {}
    for region, day, count, _note in MILESTONES:
        curves.setdefault(region, []).append((_day(day), count))
    out = {}
    for region, pts in curves.items():
        d, v = map(np.array, zip(*sorted(pts)))
        assert v[0] == 0 and v[-1] == FULL, f"{region}: a curve starts at 0 and ends at FULL"
        out[region] = (d, v.astype(float))
    return out


def _open_dates(rng, st: pd.DataFrame, cty: pd.DataFrame, provinces: list[str], scale: str) -> None:
    """Opening day of every non-planned station, following the nested milestone curves exactly."""
    county, parent = st.county_code, pd.Series(cty.parent_code.to_numpy()[st.ci])
    live = ~st.planned.to_numpy()
    masks = {r: _in_region(r, county, parent) & live for r in NESTING.keys() | {c for v in NESTING.values() for c in v}}
    masks.update({p: _in_region(p, county, parent) & live for p in provinces})

    # order in which a pool fills up: counties roll out together; second stations come later; at national scale
    # a few provinces go first (S004) and the others at their own pace
    county_u = rng.random(len(cty))[st.ci.to_numpy()]
    local = (0.6 * county_u + 0.4 * rng.random(len(st)) + 0.25 * st.second.to_numpy()) / 1.25
    keys = local.copy()
    others = [p for p in provinces if p not in PROVINCES]
    if others:
        early = set(rng.choice(others, EARLY_PROVINCES, replace=False).tolist())
        pace = dict(zip(others, rng.uniform(0.7, 1.5, len(others))))
        for p in others:
            m = masks[p]
            keys[m] = 0.4 * local[m] if p in early else 0.15 + 0.85 * local[m] ** pace[p]

    curves = _milestone_curves()
    opened = np.full(len(st), -1, np.int64)
    days = np.arange(N_DAYS)

    def fill(region: str, d: np.ndarray, v: np.ndarray) -> None:
        members = masks[region]
        v = np.where(v == FULL, members.sum(), v)
        assert np.all(np.diff(v) >= 0) and v[-1] == members.sum(), f"{region}: curve {v} vs {members.sum()}"
        kids, rest = [], members.copy()
        for c in NESTING.get(region, ()):
            cd, cv = curves[c]
            cv = np.where(cv == FULL, masks[c].sum(), cv)
            # make the child integral at the parent's dates, so the parent's milestones stay exact
            new = d[(d > cd[0]) & (d < cd[-1]) & ~np.isin(d, cd)]
            cd, cv = np.concatenate([cd, new]), np.concatenate([cv, np.floor(np.interp(new, cd, cv) + 0.5)])
            o = np.argsort(cd)
            kids.append((c, cd[o], cv[o]))
            rest &= ~masks[c]
        bp = np.unique(np.concatenate([d] + [k[1] for k in kids]))
        remainder = np.interp(bp, d, v) - sum(np.interp(bp, kd, kv) for _, kd, kv in kids)
        assert remainder[0] >= 0 and np.all(np.diff(remainder) >= -1e-9), (
            f"{region}: remainder decreases: {dict(zip((START + bp).astype(str), remainder.round(1)))}")
        cum = np.floor(np.interp(days, bp, remainder) + 1e-9).astype(np.int64)
        idx = np.flatnonzero(rest)
        assert cum[-1] == len(idx), (region, cum[-1], len(idx))
        idx = idx[np.lexsort((idx, keys[idx]))]
        opened[idx] = np.searchsorted(cum, np.arange(1, len(idx) + 1))
        for c, kd, kv in kids:
            fill(c, kd, kv)

    for top in ([NATION] if scale == "national" else PROVINCES):
        fill(top, *curves[top])
    assert np.all((opened >= 0) == live)
    st["opened_day"] = opened
    st["key"] = keys


def _status(rng, st: pd.DataFrame, provinces: list[str]) -> None:
    """Status on 2025-12-31, social workers, and the last month with services."""
    n = len(st)
    opened = st.opened_day.to_numpy()
    planned = st.planned.to_numpy()
    status = np.where(planned, "planned", "operating").astype(object)
    for p in provinces:
        idx = np.flatnonzero((st.province == p).to_numpy() & ~planned)
        idx = idx[np.lexsort((idx, st.key.to_numpy()[idx], opened[idx]))]
        k = PILOT_BATCH.get(p, int(np.ceil(OTHER_PILOT_SHARE * len(idx))))
        status[idx[:k]] = "pilot"
    eligible = (status == "operating") & (opened <= _day("2024-12-31"))
    u = rng.random(n)
    status[eligible & (u < 0.011)] = "suspended"
    status[eligible & (u >= 0.011) & (u < 0.0165)] = "closed"

    open_m = np.where(planned, N_MONTHS, _month_of_day(np.maximum(opened, 0)))
    last_m = np.full(n, N_MONTHS - 1)
    susp, closed = status == "suspended", status == "closed"
    lo = np.minimum(np.maximum(open_m + 3, N_MONTHS - 18), N_MONTHS - 2)  # suspended in the last 1.5 years
    last_m[susp] = rng.integers(lo[susp], N_MONTHS - 1)
    lo = np.minimum(open_m + 6, N_MONTHS - 3)
    last_m[closed] = rng.integers(lo[closed], N_MONTHS - 2)

    workers = rng.choice(len(SOCIAL_WORKERS_P), n, p=SOCIAL_WORKERS_P)
    st["activity"] = (0.55 + 0.22 * np.maximum(workers, 1)) * rng.lognormal(0, 0.25, n)
    st["social_workers"] = np.where(np.isin(status, ["operating", "pilot"]), workers, 0)  # none left when stopped
    st["status"] = status.astype(str)
    st["open_m"], st["last_m"] = open_m, last_m


def _pin_workers(rng, st: pd.DataFrame, cty: pd.DataFrame, scale: str) -> None:
    """Apply WORKER_PINS in order: workers spread in proportion to the drawn ones (at least one a station)."""
    workers = st.social_workers.to_numpy().copy()
    working = np.isin(st.status.to_numpy(), ["operating", "pilot"]) & (st.opened_day.to_numpy() >= 0)
    county, parent = st.county_code, pd.Series(cty.parent_code.to_numpy()[st.ci])
    locked = np.zeros(len(st), bool)
    for region, month, kind, persons, note in WORKER_PINS:
        if region == NATION and scale != "national":
            continue
        end = _day(str((np.datetime64(month, "M") + 1).astype("datetime64[D]") - 1))
        m = _in_region(region, county, parent) & working & (st.opened_day.to_numpy() <= end)
        target = persons
        if kind == "at_least":
            if persons <= workers[m].sum() < persons + step_of(persons):
                locked |= m
                continue
            target = persons + int(step_of(persons) * rng.uniform(0.02, 0.3))
        free = m & ~locked
        rest = target - workers[m & locked].sum()
        assert free.any() and rest >= free.sum(), f"{note}: {rest} workers for {free.sum()} stations"
        workers[free] = _largest_remainder(rest, np.maximum(workers[free], 1).astype(float))
        locked |= m
    st["social_workers"] = workers


def _operators(rng, st: pd.DataFrame, cty: pd.DataFrame) -> None:
    """Agencies are contracted per prefecture, about 3.5 stations each (S002: 5000+ agencies, 17000 stations)."""
    parent = cty.parent_code.to_numpy()[st.ci.to_numpy()]
    _, g = np.unique(parent, return_inverse=True)
    n_ag = np.maximum(1, np.round(np.bincount(g) / 3.5)).astype(np.int64)
    offset = np.concatenate([[0], np.cumsum(n_ag)[:-1]])
    agency = offset[g] + np.floor(rng.random(len(st)) * n_ag[g]).astype(np.int64) + 1
    st["operator"] = ["示例社会工作服务中心%03d" % a for a in agency]


def _load_shapes(path: Path) -> dict[str, object]:
    feats = json.loads(path.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["code"]: shape(f["geometry"]) for f in feats}


def _sample_points(rng, geom, n: int) -> tuple[np.ndarray, np.ndarray]:
    """n random points (rounded to 4 decimals) inside geom, by vectorised rejection sampling."""
    minx, miny, maxx, maxy = geom.bounds
    hit = max(geom.area / ((maxx - minx) * (maxy - miny)), 0.005)
    xs, ys = [], []
    while n > 0:
        m = int(n / hit * 1.3) + 16
        x, y = np.round(rng.uniform(minx, maxx, m), 4), np.round(rng.uniform(miny, maxy, m), 4)
        ok = shapely.contains_xy(geom, x, y)
        xs.append(x[ok][:n])
        ys.append(y[ok][:n])
        n -= len(xs[-1])
    return np.concatenate(xs), np.concatenate(ys)


def _points(rng, st: pd.DataFrame) -> None:
    """GCJ-02 points inside the county (four provinces) or the province polygon (the others)."""
    shapes = {}
    for p in PROVINCES:
        shapes.update(_load_shapes(BOUNDARIES_DIR / f"counties_{p}.geojson"))
    where = np.where(st.province.isin(PROVINCES), st.county_code, st.province)
    if not st.province.isin(PROVINCES).all():
        shapes.update({k: v for k, v in _load_shapes(BOUNDARIES_DIR / "provinces.geojson").items()
                       if k not in PROVINCES})
    lon, lat = np.zeros(len(st)), np.zeros(len(st))
    for code in np.unique(where):
        idx = np.flatnonzero(where == code)
        geom = shapes[code]
        shapely.prepare(geom)
        lon[idx], lat[idx] = _sample_points(rng, geom, len(idx))
    st["lon"], st["lat"] = lon, lat


def _day(iso: str) -> int:
    return int((np.datetime64(iso, "D") - START).astype(np.int64))


def _month_of_day(day: np.ndarray) -> np.ndarray:
    return ((START + day).astype("datetime64[M]") - START.astype("datetime64[M]")).astype(np.int64)


def _write_stations(st: pd.DataFrame, path: Path) -> None:
    opened = np.where(st.opened_day >= 0, (START + st.opened_day.clip(lower=0).to_numpy()).astype(str), "")
    out = pd.DataFrame({
        "station_id": st.station_id, "name": st.name, "county_code": st.county_code, "township": st.township,
        "status": st.status, "opened_on": opened, "social_workers": st.social_workers,
        "operator": st.operator, "lon": np.char.mod("%.4f", st.lon.to_numpy()),
        "lat": np.char.mod("%.4f", st.lat.to_numpy()), "is_demo": "true"})
    out.sort_values("station_id").to_csv(path, index=False, lineterminator="\n")


# --- funding ----------------------------------------------------------------------------------------------------
def _funding(rng, st: pd.DataFrame, regions: pd.DataFrame, years: tuple[int, ...], scale: str) -> pd.DataFrame:
    """Rows of region_code, year, program, source, cents (int64), pinned to FUNDING_PINS."""
    live = st[~st.planned]
    codes = np.array(sorted(live.county_code.unique()))
    ci = np.searchsorted(codes, live.county_code.to_numpy())
    prov = np.array([c[:2] + "0000" for c in codes])
    opened = START + live.opened_day.to_numpy()
    year_open = opened.astype("datetime64[Y]").astype(int) + 1970
    cost = {p: COST.get(p, rng.uniform(0.8, 1.3)) for p in sorted(set(prov))}
    cost_c = np.array([cost[p] for p in prov])
    rows = []

    def add(region, year, program, amounts, alpha):
        """Split each amount over SOURCES by Dirichlet shares; small shares fold into fiscal."""
        shares = rng.dirichlet(alpha, size=len(amounts))
        shares[:, 0] += np.where(shares < 0.04, shares, 0)[:, 1:].sum(axis=1)
        shares[:, 1:] = np.where(shares[:, 1:] < 0.04, 0, shares[:, 1:])
        for s, source in enumerate(SOURCES):
            keep = shares[:, s] > 0
            rows.append(pd.DataFrame({"region_code": np.asarray(region)[keep], "year": year, "program": program,
                                      "source": source, "yuan": (amounts * shares[:, s])[keep]}))

    rural = regions.set_index("code").loc[codes, "name"].str[-1].isin(["县", "旗"]).to_numpy()
    sanqu = rural & (rng.random(len(codes)) < 0.22)
    for y in years:
        end_y = np.datetime64(f"{y}-12-31")
        base = (RATE_OPERATING * np.bincount(ci[opened <= end_y], minlength=len(codes))
                + RATE_NEW * np.bincount(ci[year_open == y], minlength=len(codes))
                + RATE_NEXT * np.bincount(ci[year_open == y + 1], minlength=len(codes)))
        base = base * cost_c * rng.lognormal(0, 0.15, len(codes))
        m = base > 0
        add(codes[m], y, PROGRAMS[0], base[m], [14, 4.5, 1.0, 0.6])
        by_prov = pd.Series(base).groupby(prov).sum()
        by_prov = by_prov[by_prov > 0]
        add(by_prov.index.to_numpy(), y, PROGRAMS[0], 0.12 * by_prov.to_numpy(), [6, 4, 0.01, 0.01])
        s = 200_000 * rng.uniform(0.6, 1.5, sanqu.sum())
        add(codes[sanqu], y, PROGRAMS[1], s, [8, 2, 0.01, 0.01])
        by_prov = pd.Series(s).groupby(prov[sanqu]).sum()
        add(by_prov.index.to_numpy(), y, PROGRAMS[1], 0.08 * by_prov.to_numpy(), [9, 1, 0.01, 0.01])
        for p, year, prefixes, total, _note in DISASTERS:
            hit = np.flatnonzero(np.array([c.startswith(prefixes) for c in codes]))
            if year == y and p in cost and len(hit):
                hit = np.sort(rng.choice(hit, min(8, len(hit)), replace=False))
                add(codes[hit], y, PROGRAMS[2], total * rng.dirichlet(np.ones(len(hit))), [2, 3, 5, 0.5])
    df = pd.concat(rows, ignore_index=True)
    df["cents"] = np.round(df.pop("yuan").to_numpy() * 100).astype(np.int64)
    df = df[df.cents > 0].reset_index(drop=True)
    _pin(rng, df, scale, min(years))
    return df


def _set_total(cents: np.ndarray, mask: np.ndarray, target: int) -> None:
    """Rescale cents[mask] in place to sum to exactly `target` (largest remainder)."""
    idx = np.flatnonzero(mask)
    assert len(idx) and target > 0, "a pinned total needs rows and a positive remainder"
    cents[idx] = _largest_remainder(target, cents[idx].astype(float))
    assert np.all(cents[idx] > 0)


def _pin(rng, df: pd.DataFrame, scale: str, first_year: int) -> None:
    """Apply FUNDING_PINS in order; rows set by one pin stay fixed while later pins rescale the others. A cumulative
    pin (years None: up to 2021) is left out when the scale's records start in 2021: they hold no earlier years."""
    cents = df.cents.to_numpy().copy()
    locked = np.zeros(len(df), bool)
    code, year = df.region_code, df.year.to_numpy()
    for region, years, program, kind, yuan, _note in FUNDING_PINS:
        if (region == NATION and scale != "national") or (years is None and first_year >= 2021):
            continue
        # a funding row is in the region if its code is the region or one of its counties
        m = np.ones(len(df), bool) if region == NATION else np.array(code.str.startswith(_prefix(region)), bool)
        m &= np.isin(year, years) if years else year <= 2021
        if program:
            m &= (df.program == program).to_numpy()
        target = yuan * 100
        if kind == "at_least":
            step = step_of(yuan) * 100
            if target <= cents[m].sum() < target + step:
                locked |= m
                continue
            target = int(round(target + step * rng.uniform(0.05, 0.6), -4))
        _set_total(cents, m & ~locked, target - cents[m & locked].sum())
        locked |= m
    df["cents"] = cents


def step_of(value: float) -> int:
    """The step of a published 余/多/超过 figure: the place of its last non-zero digit (1800万 → 100万, 48 → 1)."""
    n, step = int(value), 1
    while n and n % 10 == 0:
        n, step = n // 10, step * 10
    return step


def _prefix(region: str) -> str:
    """Code prefix of the counties in a province (2 digits), prefecture (4) or county (6)."""
    return region[:2] if region.endswith("0000") else region[:4] if region.endswith("00") else region


def _write_funding(df: pd.DataFrame, path: Path) -> None:
    df = df.assign(p=df.program.map({p: i for i, p in enumerate(PROGRAMS)}),
                   s=df.source.map({s: i for i, s in enumerate(SOURCES)}))
    df = df.sort_values(["region_code", "year", "p", "s"], ignore_index=True)
    c = df.cents.to_numpy()
    out = pd.DataFrame({"region_code": df.region_code, "year": df.year, "program": df.program,
                        "source": df.source, "amount_cny": [f"{a // 100}.{a % 100:02d}" for a in c],
                        "qualifier": "exact", "is_demo": "true"})
    out.to_csv(path, index=False, lineterminator="\n")


# --- services ---------------------------------------------------------------------------------------------------
SERVICES_SCHEMA = pa.schema([("station_id", pa.string()), ("month", pa.string()), ("category", pa.string()),
                             ("service_type", pa.string()), ("people_served", pa.int32()),
                             ("sessions", pa.int32()), ("is_demo", pa.bool_())])


def _write_services(rng, st: pd.DataFrame, first_month: int, path: Path) -> None:
    """Month by month (bounded memory): each open station draws which of the 42 (category, type) pairs happened."""
    st = st.sort_values("station_id", ignore_index=True)
    ids = pa.array(st.station_id.to_numpy(dtype=object), pa.string())
    months = pa.array([f"{2019 + m // 12}-{m % 12 + 1:02d}" for m in range(N_MONTHS)], pa.string())
    cats, types = pa.array(CATEGORIES, pa.string()), pa.array(SERVICE_TYPES, pa.string())
    open_m, last_m = st.open_m.to_numpy(), st.last_m.to_numpy()
    activity, kind = st.activity.to_numpy(), st.kind.to_numpy()
    base = P_SCALE * (CAT_WEIGHT[:, None] * KIND_CAT[:, :, None]) * (TYPE_WEIGHT * KIND_TYPE)[:, None, :]
    base = base.reshape(len(KINDS), -1)  # kind x (category * type)
    summer = np.ones(len(CATEGORIES) * len(SERVICE_TYPES))
    summer[2 * len(SERVICE_TYPES): 4 * len(SERVICE_TYPES)] = 1.25  # children's summer programmes

    buffer, buffered = [], 0
    with pq.ParquetWriter(path, SERVICES_SCHEMA, compression="zstd") as writer:
        for m in range(first_month, N_MONTHS):
            idx = np.flatnonzero((open_m <= m) & (last_m >= m))
            act = activity[idx] * np.where(m - open_m[idx] < 2, 0.6, 1.0) * SEASON[m % 12]
            p = base[kind[idx]] * act[:, None] * (summer if m % 12 in (6, 7) else 1.0)
            i, combo = np.nonzero(rng.random(p.shape) < np.minimum(p, 0.97))
            s = combo % len(SERVICE_TYPES)
            sessions = 1 + rng.poisson(EXTRA_SESSIONS[s] * act[i])
            people = rng.poisson(sessions * PEOPLE_PER_SESSION[s])
            buffer.append(pa.table([
                ids.take(pa.array(idx[i])), months.take(pa.array(np.full(len(i), m))),
                cats.take(pa.array(combo // len(SERVICE_TYPES))), types.take(pa.array(s)),
                pa.array(people.astype(np.int32)), pa.array(sessions.astype(np.int32)),
                pa.array(np.ones(len(i), bool))], schema=SERVICES_SCHEMA))
            buffered += len(i)
            if buffered >= 1_000_000 or m == N_MONTHS - 1:
                writer.write_table(pa.concat_tables(buffer), row_group_size=2_000_000)
                buffer, buffered = [], 0
