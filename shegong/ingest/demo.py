"""Deterministic DEMO data: township social work stations, their funding and their monthly services.

There is no public register of 乡镇(街道)社工站, so the dashboard ships synthetic data for real counties. Every
row says is_demo = true and every township, station and agency name starts with 示例 ("example"). Totals are
pinned to the published figures (data/demo_calibration.csv: milestones and pins) so that a demo chart never
contradicts the sources page; everything between those pins is random but reproducible: the same scale, seed and
provinces give byte-identical files. Each place draws from its own stream (numpy Generator seeded with the seed,
the stage and the region code: a province's townships, opening order, status, funding and services; a county's
points), so adding or removing a province changes nothing in the others.

    generate("provinces", 1, Path("out"))  ->  out/stations.csv, out/funding.csv, out/services.parquet
"""
from __future__ import annotations

import csv
import functools
import json
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import shapely
from shapely.geometry import shape

from shegong import vocab
from shegong.config import BOUNDARIES_DIR, DATA_DIR
from shegong.schema import DataError

NATION = "100000"
NOT_MAINLAND = ("710000", "810000", "820000")  # no township programme data: Taiwan, Hong Kong, Macao
FULL = -1  # milestone value meaning "every station of the region" (full coverage)
OTHER = "other"  # calibration rows for the provinces (or places) without their own row
CALIBRATION = DATA_DIR / "demo_calibration.csv"

# Day and month grids: stations open 2019-01-01 .. 2025-12-31; status is as of the last day.
START, END = np.datetime64("2019-01-01"), np.datetime64("2025-12-31")
N_DAYS = int((END - START).astype(np.int64)) + 1
N_MONTHS = 84  # 2019-01 .. 2025-12
SCALES = {  # first service month (index from 2019-01) and funding years
    "provinces": {"first_month": 0, "years": tuple(range(2019, 2026))},
    "national": {"first_month": 24, "years": tuple(range(2021, 2026))},
}

# Funding model: per county and year, money for operating, newly opened and next year's stations; provincial
# top-ups; 三区计划 in rural counties; disaster relief projects after real disasters (calibration rows `disaster`).
# Then the `funding_pin` rows set the published totals (in cents); a pinned row is not rescaled again by a later
# pin. A pin covers every programme of the region (a prefecture: its counties) in the year, or up to it for a
# cumulative figure (date ..YYYY), or one programme (detail). An at_least pin (余/多/超过) keeps the total within the
# figure's step, the place of its last non-zero digit (1800余万: at least 1,800万 and under 1,900万): a total inside
# is left alone, one outside is set to a random amount inside.
PROGRAMS = ("乡镇(街道)社工站建设", "三区计划", "灾后社会工作服务项目")
SOURCES = ("fiscal", "lottery", "social", "other")
RATE_OPERATING, RATE_NEW, RATE_NEXT = 70_000, 50_000, 10_000  # yuan per station and year
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

KINDS_OF_ROW = {  # calibration kinds and what `value` is
    "townships": "townships of the region (one station each); `other` regions share the nation's rest",
    "second_stations": "townships with a second station (a share for `other`)",
    "planned": "stations not yet opened, per province",
    "pilot_batch": "the province's earliest stations that are still pilots (a share for `other`)",
    "cost": "cost level of a station-year (others: uniform 0.8..1.3)",
    "early_provinces": "provinces with full coverage early (national scale)",
    "milestone": "cumulative stations built by the date (full = every station; a share for `other`)",
    "disaster": "yuan for post-disaster projects in the year, in the counties whose codes start with `detail`",
    "funding_pin": "yuan of the region in the year (..YYYY: up to it), all programmes or the one in `detail`",
    "worker_pin": "social workers of the stations built by the end of the month",
    "activity_pin": "community activities (sessions) in the year; `detail` pilot: at the pilot stations only",
}


@dataclass(frozen=True)
class Row:
    kind: str
    region: str
    date: str
    value: float | None  # None: full
    qualifier: str
    detail: str
    note: str


def _bad(problem: str) -> DataError:
    """A bad row of data/demo_calibration.csv, as the one error type of bad input (file:row:column: problem)."""
    return DataError([problem])


@functools.cache
def calibration(path: Path = CALIBRATION) -> tuple[Row, ...]:
    """The demo's calibration table: every number the generator is held to, with its reason (data/README.md)."""
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        for line, r in enumerate(csv.DictReader(f), start=2):
            where = f"{path.name}:{line}"
            if r["kind"] not in KINDS_OF_ROW:
                raise _bad(f"{where}:kind: unknown kind {r['kind']!r}; one of {', '.join(KINDS_OF_ROW)}")
            if r["qualifier"] not in ("exact", "at_least", "full", "share"):
                raise _bad(f"{where}:qualifier: {r['qualifier']!r} is not exact, at_least, full or share")
            try:
                value = None if r["qualifier"] == "full" else float(r["value"])
            except ValueError:
                raise _bad(f"{where}:value: {r['value']!r} is not a number") from None
            rows.append(Row(r["kind"], r["region_code"], r["date"], value, r["qualifier"], r["detail"], r["note"]))
    return tuple(rows)


def _of(kind: str) -> list[Row]:
    return [r for r in calibration() if r.kind == kind]


def _per_region(kind: str) -> dict[str, float]:
    return {r.region: r.value for r in _of(kind)}


def milestones() -> list[tuple[str, str, int, str]]:
    """(region, day, count or FULL, note) of the regions with their own curve."""
    return [(r.region, r.date, FULL if r.value is None else int(r.value), r.note)
            for r in _of("milestone") if r.region != OTHER]


def _rng(seed: int, stage: str, code: str = "0") -> np.random.Generator:
    """The stream of one stage for one place: independent of every other place and of which places are made."""
    return np.random.default_rng([seed, zlib.crc32(stage.encode()), int(code)])


def generate(scale: str, seed: int, out: Path, provinces: tuple[str, ...] | None = None) -> dict[str, Path]:
    """Write out/stations.csv, out/funding.csv, out/services.parquet for `scale` and return their paths.

    The provinces scale makes the compared provinces (SHEGONG_PROVINCES unless given); the national scale all of
    mainland China."""
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {sorted(SCALES)}, not {scale!r}")
    cfg = SCALES[scale]
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    regions = pd.read_csv(DATA_DIR / "regions.csv", dtype=str, keep_default_na=False)
    if scale == "national":
        chosen = sorted(c for c in regions.loc[regions.level == "province", "code"] if c not in NOT_MAINLAND)
    else:
        chosen = list(provinces or vocab.provinces())
    st = _stations(seed, regions, scale, chosen)
    paths = {"stations": out / "stations.csv", "funding": out / "funding.csv", "services": out / "services.parquet"}
    _write_stations(st, paths["stations"])
    _write_funding(_funding(seed, st, regions, cfg["years"], scale), paths["funding"])
    _write_services(seed, st, cfg["first_month"], paths["services"])
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


def _township_totals(regions: pd.DataFrame) -> dict[str, int]:
    """Townships per province: the calibrated ones, and the nation's rest shared by every other mainland province
    in proportion to its county-level units (the same share whichever provinces are made)."""
    totals = {k: int(v) for k, v in _per_region("townships").items()}
    prov = regions.loc[regions.level == "province", "code"]
    others = sorted(c for c in prov if c not in totals and c not in NOT_MAINLAND)
    counties = regions[regions.level == "county"]
    n_cty = counties.code.str[:2].value_counts().reindex([o[:2] for o in others]).fillna(0).to_numpy(float)
    calibrated = sum(v for k, v in totals.items() if k.endswith("0000") and k != NATION)
    share = _largest_remainder(totals[NATION] - calibrated, n_cty)
    totals.update(zip(others, share.tolist()))
    return totals


def _stations(seed: int, regions: pd.DataFrame, scale: str, provinces: list[str]) -> pd.DataFrame:
    cty = regions[(regions.level == "county") & regions.code.str[:2].isin([p[:2] for p in provinces])]
    cty = cty.sort_values("code").reset_index(drop=True)
    cty["province"] = cty.code.str[:2] + "0000"
    totals = _township_totals(regions)
    sub = {r: int(v) for r, v in _per_region("townships").items() if not r.endswith("0000")}
    second_fixed = {r: int(v) for r, v in _per_region("second_stations").items() if r != OTHER}
    second_share = _per_region("second_stations").get(OTHER, 0.0)
    planned_n = _per_region("planned")

    parts = []
    for p in sorted(provinces):
        rng = _rng(seed, "townships", p)
        in_p = np.flatnonzero(cty.province.to_numpy() == p)
        c_code, c_parent = cty.code.iloc[in_p].reset_index(drop=True), cty.parent_code.iloc[in_p].reset_index(drop=True)
        left = np.ones(len(in_p), bool)
        remaining = totals[p]
        n_town = np.zeros(len(in_p), np.int64)
        exact = np.zeros(len(in_p), bool)
        for r in sorted(sub):
            m = _in_region(r, c_code, c_parent) & left
            if r[:2] == p[:2] and m.any():
                n_town[m] = _alloc(rng, sub[r], int(m.sum()))
                left &= ~m
                exact |= m
                remaining -= sub[r]
        n_town[left] = _alloc(rng, remaining, int(left.sum()))

        # townships: kind by county type, numbered per county and kind (streets, towns, townships)
        ci = np.repeat(np.arange(len(in_p)), n_town)
        names = cty.name.iloc[in_p].to_numpy()
        last = np.array([n[-1] for n in names])
        suffix = np.where(np.isin(last, ["区", "市"]), last, "")[ci]
        p_street = np.select([suffix == "区", suffix == "市"], [KIND_P["区"][0], KIND_P["市"][0]], KIND_P[""][0])
        p_town = np.select([suffix == "区", suffix == "市"], [KIND_P["区"][1], KIND_P["市"][1]], KIND_P[""][1])
        u = rng.random(len(ci))
        kind = np.where(u < p_street, 0, np.where(u < p_street + p_town, 1, 2))
        tw = pd.DataFrame({"ci": ci, "kind": kind}).sort_values(["ci", "kind"], kind="stable", ignore_index=True)
        tw["num"] = tw.groupby(["ci", "kind"]).cumcount() + 1
        tw_exact = exact[tw.ci.to_numpy()]

        # second stations (Langfang's 13, a few elsewhere); planned extras: a handful per province
        second = (rng.random(len(tw)) < second_share) & ~tw_exact
        for r in sorted(second_fixed):
            idx = np.flatnonzero(_in_region(r, c_code, c_parent)[tw.ci.to_numpy()])
            if r[:2] == p[:2] and len(idx):
                second[rng.choice(idx, second_fixed[r], replace=False)] = True
        planned = np.zeros(len(tw), bool)
        idx = np.flatnonzero(~tw_exact & ~second)
        planned[rng.choice(idx, int(planned_n.get(p, planned_n.get(OTHER, 2))), replace=False)] = True
        extra = tw[second | planned].assign(second=True, planned=planned[second | planned])
        part = pd.concat([tw.assign(second=False, planned=False), extra], ignore_index=True)
        part["ci"] = in_p[part.ci.to_numpy()]
        parts.append(part)
    st = pd.concat(parts, ignore_index=True)
    st = st.sort_values(["ci", "kind", "num", "second"], ignore_index=True)

    st["county_code"] = cty.code.to_numpy()[st.ci]
    st["seq"] = st.groupby("ci").cumcount() + 1
    st["station_id"] = st.county_code + "-" + st.seq.map("{:03d}".format)
    st["township"] = "示例" + st.kind.map(dict(enumerate(KINDS))) + st.num.map("{:02d}".format)
    st["name"] = (cty.name.to_numpy()[st.ci] + st.township + np.where(st.second, "第二", "")
                  + "社会工作服务站")
    st["province"] = cty.province.to_numpy()[st.ci]

    _open_dates(seed, st, cty, regions, provinces, scale)
    _status(seed, st, provinces)
    _pin_workers(seed, st, cty, scale)
    _operators(seed, st, cty)
    _points(seed, st)
    return st


def _milestone_curves() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Region -> (day index, cumulative count) arrays; FULL stays -1 until the region's size is known."""
    curves: dict[str, list] = {}
    for region, day, count, _note in milestones():
        curves.setdefault(region, []).append((_day(day), count))
    out = {}
    for region, pts in curves.items():
        d, v = map(np.array, zip(*sorted(pts)))
        assert v[0] == 0 and v[-1] == FULL, f"{CALIBRATION.name}: {region}: a curve starts at 0 and ends at full"
        out[region] = (d, v.astype(float))
    return out


def _nesting(curves: dict, regions: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """Each region with a curve under its nearest ancestor with one (a county under its prefecture if that has a
    curve, else under its province); provinces with a curve under the nation."""
    parent = dict(zip(regions.code, regions.parent_code))
    kids: dict[str, list[str]] = {}
    for r in sorted(curves):
        if r == NATION:
            continue
        up = parent.get(r, "")
        while up and up not in curves and up != NATION:
            up = parent.get(up, "")
        kids.setdefault(up or NATION, []).append(r)
    return {k: tuple(v) for k, v in kids.items()}


def _default_curve(n: int) -> tuple[np.ndarray, np.ndarray]:
    """The shape of a province without milestones (calibration rows `milestone,other`): shares of its n stations."""
    pts = sorted((_day(r.date), r.value) for r in _of("milestone") if r.region == OTHER)
    d = np.array([p[0] for p in pts])
    v = np.floor(np.array([p[1] for p in pts]) * n + 0.5)
    v[-1] = FULL
    return d, v.astype(float)


def _open_dates(seed: int, st: pd.DataFrame, cty: pd.DataFrame, regions: pd.DataFrame, provinces: list[str],
                scale: str) -> None:
    """Opening day of every non-planned station, following the nested milestone curves exactly."""
    county, parent = st.county_code, pd.Series(cty.parent_code.to_numpy()[st.ci])
    live = ~st.planned.to_numpy()
    curves = _milestone_curves()
    made = {p[:2] for p in provinces}
    curves = {r: c for r, c in curves.items() if r == NATION and scale == "national" or r[:2] in made}
    for p in provinces:
        if p not in curves:
            curves[p] = _default_curve(int((_in_region(p, county, parent) & live).sum())) if scale != "national" \
                else None
    nesting = _nesting({r: c for r, c in curves.items() if c is not None}, regions)
    masks = {r: _in_region(r, county, parent) & live for r in curves}

    # order in which a pool fills up: counties roll out together; second stations come later; at national scale
    # a few provinces go first (S004) and the others at their own pace
    keys = np.zeros(len(st))
    ci = st.ci.to_numpy()
    for p in provinces:
        rng = _rng(seed, "order", p)
        m = np.flatnonzero(st.province.to_numpy() == p)
        cis = np.unique(ci[m])
        county_u = dict(zip(cis, rng.random(len(cis))))
        u = np.array([county_u[c] for c in ci[m]])
        keys[m] = (0.6 * u + 0.4 * rng.random(len(m)) + 0.25 * st.second.to_numpy()[m]) / 1.25
    others = [p for p in provinces if curves.get(p) is None]
    if others:
        n_early = int(_per_region("early_provinces").get(NATION, 7))
        early = set(_rng(seed, "early", NATION).choice(others, min(n_early, len(others)), replace=False).tolist())
        for p in others:
            m = (st.province == p).to_numpy() & live
            pace = _rng(seed, "pace", p).uniform(0.7, 1.5)
            keys[m] = 0.4 * keys[m] if p in early else 0.15 + 0.85 * keys[m] ** pace

    opened = np.full(len(st), -1, np.int64)
    days = np.arange(N_DAYS)

    def fill(region: str, d: np.ndarray, v: np.ndarray) -> None:
        members = masks[region]
        v = np.where(v == FULL, members.sum(), v)
        assert np.all(np.diff(v) >= 0) and v[-1] == members.sum(), f"{region}: curve {v} vs {members.sum()}"
        kids, rest = [], members.copy()
        for c in nesting.get(region, ()):
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

    for top in ([NATION] if scale == "national" else sorted(provinces)):
        fill(top, *curves[top])
    assert np.all((opened >= 0) == live)
    st["opened_day"] = opened
    st["key"] = keys


def _status(seed: int, st: pd.DataFrame, provinces: list[str]) -> None:
    """Status on 2025-12-31, social workers, and the last month with services (each province its own stream)."""
    n = len(st)
    opened = st.opened_day.to_numpy()
    planned = st.planned.to_numpy()
    status = np.where(planned, "planned", "operating").astype(object)
    pilots = _per_region("pilot_batch")
    u, workers = np.zeros(n), np.zeros(n, np.int64)
    draw_s, draw_c, act = np.zeros(n), np.zeros(n), np.zeros(n)
    for p in sorted(provinces):
        rng = _rng(seed, "status", p)
        in_p = (st.province == p).to_numpy()
        idx = np.flatnonzero(in_p & ~planned)
        idx = idx[np.lexsort((idx, st.key.to_numpy()[idx], opened[idx]))]
        k = int(pilots[p]) if p in pilots else int(np.ceil(pilots.get(OTHER, 0.03) * len(idx)))
        status[idx[:k]] = "pilot"
        all_p = np.flatnonzero(in_p)
        u[all_p] = rng.random(len(all_p))
        draw_s[all_p], draw_c[all_p] = rng.random(len(all_p)), rng.random(len(all_p))
        workers[all_p] = rng.choice(len(SOCIAL_WORKERS_P), len(all_p), p=SOCIAL_WORKERS_P)
        act[all_p] = rng.lognormal(0, 0.25, len(all_p))
    eligible = (status == "operating") & (opened <= _day("2024-12-31"))
    status[eligible & (u < 0.011)] = "suspended"
    status[eligible & (u >= 0.011) & (u < 0.0165)] = "closed"

    open_m = np.where(planned, N_MONTHS, _month_of_day(np.maximum(opened, 0)))
    last_m = np.full(n, N_MONTHS - 1)
    susp, closed = status == "suspended", status == "closed"
    lo = np.minimum(np.maximum(open_m + 3, N_MONTHS - 18), N_MONTHS - 2)  # suspended in the last 1.5 years
    last_m[susp] = (lo + np.floor(draw_s * (N_MONTHS - 1 - lo))).astype(np.int64)[susp]
    lo = np.minimum(open_m + 6, N_MONTHS - 3)
    last_m[closed] = (lo + np.floor(draw_c * (N_MONTHS - 2 - lo))).astype(np.int64)[closed]

    st["activity"] = (0.55 + 0.22 * np.maximum(workers, 1)) * act
    st["social_workers"] = np.where(np.isin(status, ["operating", "pilot"]), workers, 0)  # none left when stopped
    st["status"] = status.astype(str)
    st["open_m"], st["last_m"] = open_m, last_m


def _in_scale(region: str, st: pd.DataFrame, scale: str) -> bool:
    """A pin applies when its place is made: the nation at national scale, else a place of a province made."""
    return scale == "national" if region == NATION else bool((st.province.str[:2] == region[:2]).any())


def _pin_workers(seed: int, st: pd.DataFrame, cty: pd.DataFrame, scale: str) -> None:
    """Apply the worker pins in order: workers spread in proportion to the drawn ones (at least one a station)."""
    workers = st.social_workers.to_numpy().copy()
    working = np.isin(st.status.to_numpy(), ["operating", "pilot"]) & (st.opened_day.to_numpy() >= 0)
    county, parent = st.county_code, pd.Series(cty.parent_code.to_numpy()[st.ci])
    locked = np.zeros(len(st), bool)
    for pin in _of("worker_pin"):
        region, month, kind, persons, note = pin.region, pin.date, pin.qualifier, int(pin.value), pin.note
        if not _in_scale(region, st, scale):
            continue
        rng = _rng(seed, f"workers {month}", region)
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


def _operators(seed: int, st: pd.DataFrame, cty: pd.DataFrame) -> None:
    """Agencies are contracted per prefecture, about 3.5 stations each (S002: 5000+ agencies, 17000 stations);
    numbered within the prefecture (its code's first four digits, then the number)."""
    parent = cty.parent_code.to_numpy()[st.ci.to_numpy()]
    agency = np.zeros(len(st), np.int64)
    for code in np.unique(parent):
        m = np.flatnonzero(parent == code)
        n_ag = max(1, int(np.round(len(m) / 3.5)))
        agency[m] = np.floor(_rng(seed, "operators", code).random(len(m)) * n_ag).astype(np.int64) + 1
    st["operator"] = ["示例社会工作服务中心%s%03d" % (p[:4], a) for p, a in zip(parent, agency)]


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


def _points(seed: int, st: pd.DataFrame) -> None:
    """GCJ-02 points inside the county (provinces with county boundaries) or the province polygon (the others);
    each county draws from its own stream."""
    shapes, with_counties = {}, set()
    for p in sorted(st.province.unique()):
        path = BOUNDARIES_DIR / f"counties_{p}.geojson"
        if path.is_file():
            shapes.update(_load_shapes(path))
            with_counties.add(p)
    where = np.where(st.province.isin(with_counties), st.county_code, st.province)
    if not st.province.isin(with_counties).all():
        shapes.update({k: v for k, v in _load_shapes(BOUNDARIES_DIR / "provinces.geojson").items()
                       if k not in with_counties})
    lon, lat = np.zeros(len(st)), np.zeros(len(st))
    county = st.county_code.to_numpy()
    for code in np.unique(where):
        idx = np.flatnonzero(where == code)
        geom = shapes[code]
        shapely.prepare(geom)
        for c in np.unique(county[idx]):  # one stream per county, also inside a province polygon
            sub = idx[county[idx] == c]
            lon[sub], lat[sub] = _sample_points(_rng(seed, "points", c), geom, len(sub))
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
def _funding(seed: int, st: pd.DataFrame, regions: pd.DataFrame, years: tuple[int, ...], scale: str) -> pd.DataFrame:
    """Rows of region_code, year, program, source, cents (int64), pinned to the funding_pin rows. Each province
    draws from its own stream."""
    cost_of = _per_region("cost")
    disasters = _of("disaster")
    names = regions.set_index("code")["name"]
    live_all = st[~st.planned]
    rows = []
    for p in sorted(live_all.province.unique()):
        rng = _rng(seed, "funding", p)
        live = live_all[live_all.province == p]
        codes = np.array(sorted(live.county_code.unique()))
        ci = np.searchsorted(codes, live.county_code.to_numpy())
        opened = START + live.opened_day.to_numpy()
        year_open = opened.astype("datetime64[Y]").astype(int) + 1970
        cost = cost_of[p] if p in cost_of else rng.uniform(0.8, 1.3)

        def add(region, year, program, amounts, alpha):
            """Split each amount over SOURCES by Dirichlet shares; small shares fold into fiscal."""
            shares = rng.dirichlet(alpha, size=len(amounts))  # noqa: B023 - used within this iteration
            shares[:, 0] += np.where(shares < 0.04, shares, 0)[:, 1:].sum(axis=1)
            shares[:, 1:] = np.where(shares[:, 1:] < 0.04, 0, shares[:, 1:])
            for s, source in enumerate(SOURCES):
                keep = shares[:, s] > 0
                rows.append(pd.DataFrame({"region_code": np.asarray(region)[keep], "year": year, "program": program,
                                          "source": source, "yuan": (amounts * shares[:, s])[keep]}))

        rural = names.loc[codes].str[-1].isin(["县", "旗"]).to_numpy()
        sanqu = rural & (rng.random(len(codes)) < 0.22)
        for y in years:
            end_y = np.datetime64(f"{y}-12-31")
            base = (RATE_OPERATING * np.bincount(ci[opened <= end_y], minlength=len(codes))
                    + RATE_NEW * np.bincount(ci[year_open == y], minlength=len(codes))
                    + RATE_NEXT * np.bincount(ci[year_open == y + 1], minlength=len(codes)))
            base = base * cost * rng.lognormal(0, 0.15, len(codes))
            m = base > 0
            add(codes[m], y, PROGRAMS[0], base[m], [14, 4.5, 1.0, 0.6])
            if base.sum() > 0:
                add(np.array([p]), y, PROGRAMS[0], np.array([0.12 * base.sum()]), [6, 4, 0.01, 0.01])
            amounts = 200_000 * rng.uniform(0.6, 1.5, sanqu.sum())
            add(codes[sanqu], y, PROGRAMS[1], amounts, [8, 2, 0.01, 0.01])
            if sanqu.any():
                add(np.array([p]), y, PROGRAMS[1], np.array([0.08 * amounts.sum()]), [9, 1, 0.01, 0.01])
            for d in disasters:
                prefixes = tuple(d.detail.split())
                hit = np.flatnonzero(np.array([c.startswith(prefixes) for c in codes]))
                if d.region == p and int(d.date) == y and len(hit):
                    hit = np.sort(rng.choice(hit, min(8, len(hit)), replace=False))
                    add(codes[hit], y, PROGRAMS[2], d.value * rng.dirichlet(np.ones(len(hit))), [2, 3, 5, 0.5])
    df = pd.concat(rows, ignore_index=True)
    df["cents"] = np.round(df.pop("yuan").to_numpy() * 100).astype(np.int64)
    df = df[df.cents > 0].reset_index(drop=True)
    _pin(seed, df, st, scale, min(years))
    return df


def _set_total(cents: np.ndarray, mask: np.ndarray, target: int) -> None:
    """Rescale cents[mask] in place to sum to exactly `target` (largest remainder)."""
    idx = np.flatnonzero(mask)
    assert len(idx) and target > 0, "a pinned total needs rows and a positive remainder"
    cents[idx] = _largest_remainder(target, cents[idx].astype(float))
    assert np.all(cents[idx] > 0)


def _pin(seed: int, df: pd.DataFrame, st: pd.DataFrame, scale: str, first_year: int) -> None:
    """Apply the funding pins in order; rows set by one pin stay fixed while later pins rescale the others. A
    cumulative pin (date ..YYYY) is left out when the scale's records start in its last year: they hold no
    earlier ones."""
    cents = df.cents.to_numpy().copy()
    locked = np.zeros(len(df), bool)
    code, year = df.region_code, df.year.to_numpy()
    for pin in _of("funding_pin"):
        region, kind, yuan = pin.region, pin.qualifier, int(pin.value)
        upto = pin.date.startswith("..")
        last = int(pin.date.lstrip("."))
        if not _in_scale(region, st, scale) or (upto and first_year >= last):
            continue
        rng = _rng(seed, f"funding {pin.date} {pin.detail}", region)
        # a funding row is in the region if its code is the region or one of its counties
        m = np.ones(len(df), bool) if region == NATION else np.array(code.str.startswith(_prefix(region)), bool)
        m &= (year <= last) if upto else (year == last)
        if pin.detail:
            m &= (df.program == pin.detail).to_numpy()
        target = yuan * 100
        fixed = cents[m & locked].sum()
        if kind == "at_least":
            step = step_of(yuan) * 100
            if target <= cents[m].sum() < target + step:
                locked |= m
                continue
            lo = max(target, fixed + 100 * (m & ~locked).sum())
            assert lo < target + step, f"{pin.note}: rows pinned before leave no room under {target + step}"
            target = min(int(round(lo + (target + step - lo) * rng.uniform(0.05, 0.6), -4)), target + step - 1)
            target = max(target, lo)
        _set_total(cents, m & ~locked, target - fixed)
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


def _write_services(seed: int, st: pd.DataFrame, first_month: int, path: Path) -> None:
    """Province by province (its own stream; bounded memory), month by month: each open station draws which of the
    42 (category, type) pairs happened; then the activity pins hold the published counts."""
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
    province = st.province.to_numpy()

    with pq.ParquetWriter(path, SERVICES_SCHEMA, compression="zstd") as writer:
        for p in sorted(set(province)):
            rng = _rng(seed, "services", p)
            in_p = province == p
            parts = []
            for m in range(first_month, N_MONTHS):
                idx = np.flatnonzero(in_p & (open_m <= m) & (last_m >= m))
                act = activity[idx] * np.where(m - open_m[idx] < 2, 0.6, 1.0) * SEASON[m % 12]
                prob = base[kind[idx]] * act[:, None] * (summer if m % 12 in (6, 7) else 1.0)
                i, combo = np.nonzero(rng.random(prob.shape) < np.minimum(prob, 0.97))
                s = combo % len(SERVICE_TYPES)
                sessions = 1 + rng.poisson(EXTRA_SESSIONS[s] * act[i])
                people = rng.poisson(sessions * PEOPLE_PER_SESSION[s])
                parts.append((idx[i], np.full(len(i), m), combo, people, sessions))
            rows = [np.concatenate(c) for c in zip(*parts)]
            rows = _pin_activities(seed, st, p, rows)
            station, month, combo, people, sessions = rows
            table = pa.table([
                ids.take(pa.array(station)), months.take(pa.array(month)),
                cats.take(pa.array(combo // len(SERVICE_TYPES))), types.take(pa.array(combo % len(SERVICE_TYPES))),
                pa.array(people.astype(np.int32)), pa.array(sessions.astype(np.int32)),
                pa.array(np.ones(len(station), bool))], schema=SERVICES_SCHEMA)
            writer.write_table(table, row_group_size=2_000_000)


def _pin_activities(seed: int, st: pd.DataFrame, province: str, rows: list[np.ndarray]) -> list[np.ndarray]:
    """Hold the province's community activities (sessions of type community) of a year, at its pilot stations when
    the pin says pilot, to the published count: exact, or within the step of a 余/多 figure. Sessions are rescaled
    in proportion (rows left with none are dropped) and people served with them."""
    station, month, combo, people, sessions = rows
    community = SERVICE_TYPES.index("community")
    for pin in _of("activity_pin"):
        if pin.region[:2] != province[:2]:
            continue
        value = int(pin.value)
        where = np.array(_in_region(pin.region, st.county_code, pd.Series(st.county_code.map(_parents()))))
        if pin.detail == "pilot":
            where &= (st.status == "pilot").to_numpy()
        year = int(pin.date[:4]) - 2019
        m = where[station] & (month // 12 == year) & (combo % len(SERVICE_TYPES) == community)
        total = int(sessions[m].sum())
        step = step_of(value) if pin.qualifier == "at_least" else 1
        if value <= total < value + step:
            continue
        target = value if step == 1 else value + int(step * _rng(seed, f"activities {pin.date}", pin.region)
                                                     .uniform(0.05, 0.6))
        idx = np.flatnonzero(m)
        new = _largest_remainder(target, sessions[idx].astype(float))
        people[idx] = np.round(people[idx] * new / sessions[idx]).astype(people.dtype)
        sessions[idx] = new
        keep = sessions > 0
        station, month, combo, people, sessions = (a[keep] for a in (station, month, combo, people, sessions))
    return [station, month, combo, people, sessions]


@functools.cache
def _parents() -> dict[str, str]:
    regions = pd.read_csv(DATA_DIR / "regions.csv", dtype=str, keep_default_na=False)
    return dict(zip(regions.code, regions.parent_code))
