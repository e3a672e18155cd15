"""Each page's queries: DuckDB named queries on the built warehouse against the typical Streamlit way (all records
loaded into pandas once, filtered and grouped on every rerun), at the provinces and the national scale.

Run: .venv/bin/python benchmarks/pages.py [--scales provinces national] [--repeat 20]
Demo files are reused from data/demo/<scale>/ when present (`make demo SCALE=...`), otherwise generated.
Each approach runs in its own process, so that its peak RSS is its own. Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shegong.config import DATA_DIR  # noqa: E402
from shegong.vocab import provinces  # noqa: E402

REGIONS = ",".join(provinces())
PROVINCE = "410000"
# The named queries each page runs on one rerun (see pages/*.py), with the parameters it passes.
PAGES = {
    "overview": [("region_names", {"regions": "100000," + REGIONS}), ("kpi_latest", {"regions": "100000," + REGIONS}),
                 ("targets_with_sources", {"from_year": "2020"}), ("compare_indicators", {"regions": REGIONS}),
                 ("province_latest", {"indicator": "stations_built", "regions": REGIONS})],
    "province": [("region_names", {"regions": REGIONS}), ("kpi_latest", {"regions": PROVINCE}),
                 ("province_published", {"province": PROVINCE}), ("province_registers", {"province": PROVINCE}),
                 ("province_targets", {"province": PROVINCE}),
                 ("province_counties", {"province": PROVINCE, "month": ""}),
                 ("province_funding", {"province": PROVINCE}), ("province_services", {"province": PROVINCE}),
                 ("station_list", {"province": PROVINCE})],
    "compare": [("compare_indicators", {"regions": REGIONS}), ("region_names", {"regions": REGIONS}),
                ("compare_years", {}), ("compare_series", {"regions": REGIONS, "indicator": "stations_built",
                                                           "from_year": "2006", "to_year": "2025"})],
    "funding": [("funding_trend", {"regions": REGIONS}), ("region_names", {"regions": REGIONS}),
                ("funding_published", {"regions": REGIONS}), ("funding_by_year", {"province": PROVINCE})],
    "beneficiaries": [("services_yearly", {"regions": REGIONS}), ("region_names", {"regions": REGIONS}),
                      ("services_summary", {"province": PROVINCE}), ("services_published", {"province": PROVINCE}),
                      ("services_monthly", {"province": PROVINCE}), ("services_matrix", {"province": PROVINCE}),
                      ("services_matrix", {"province": "640000"})],
    "screen": [("region_names", {"regions": REGIONS}), ("kpi_latest", {"regions": REGIONS}),
               ("province_latest", {"indicator": "stations_built", "regions": REGIONS}),
               ("screen_progress", {"regions": REGIONS}), ("latest_published", {"regions": REGIONS, "n": "6"})],
    "sources": [("figure_filters", {}), ("figures_with_sources", {"region": "", "indicator": ""}),
                ("targets_with_sources", {"region": ""})],
}


def peak_rss_mb() -> float:
    """This process's own peak (VmHWM): getrusage's ru_maxrss would include the parent's peak before exec."""
    with open("/proc/self/status") as f:
        line = next(x for x in f if x.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


# --- the two approaches, each run in a child process -------------------------------------------------------------

def duckdb_child(warehouse: str, repeat: int) -> dict:
    os.environ["SHEGONG_WAREHOUSE"] = warehouse
    from shegong import queries

    t0 = time.perf_counter()
    queries.execute("region_names")  # opens the warehouse
    load = time.perf_counter() - t0
    result = {"load_ms": ms(load), "pages": {}}
    for page, calls in PAGES.items():
        cold = {}
        for name, params in calls:
            t = time.perf_counter()
            queries.execute(name, **params)
            cold[name] = ms(time.perf_counter() - t)
        per_query = {name: [] for name, _ in calls}
        totals = []
        for _ in range(repeat):
            t_page = time.perf_counter()
            for name, params in calls:
                t = time.perf_counter()
                queries.execute(name, **params)
                per_query[name].append(time.perf_counter() - t)
            totals.append(time.perf_counter() - t_page)
        result["pages"][page] = {"cold_ms": cold,
                                 "warm_ms": {k: ms(statistics.median(v)) for k, v in per_query.items()},
                                 "page_warm_ms": ms(statistics.median(totals)),
                                 "page_cold_ms": round(sum(cold.values()), 2)}
    result["peak_rss_mb"] = round(peak_rss_mb())
    return result


def pandas_child(records: str, repeat: int) -> dict:
    """The same answers the way a typical Streamlit app gets them: every file in memory, pandas per rerun."""
    import pandas as pd

    t0 = time.perf_counter()
    rec = Path(records)
    stations = pd.read_csv(rec / "stations.csv", dtype={"county_code": str, "station_id": str},
                           parse_dates=["opened_on"])
    services = pd.read_parquet(rec / "services.parquet")
    funding = pd.read_csv(rec / "funding.csv", dtype={"region_code": str})
    figures = pd.read_csv(DATA_DIR / "figures.csv", dtype=str)
    figures["value"] = figures["value"].astype(float)
    sources = pd.read_csv(DATA_DIR / "sources.csv", dtype=str)
    regions = pd.read_csv(DATA_DIR / "regions.csv", dtype=str)
    indicators = pd.read_csv(DATA_DIR / "indicators.csv", dtype=str)
    targets = pd.read_csv(DATA_DIR / "targets.csv", dtype=str)
    stations["province_code"] = stations["county_code"].str[:2] + "0000"
    load = time.perf_counter() - t0
    wanted = list(provinces())
    names = regions.set_index("code")["name"]

    def latest_figures():
        f = figures.merge(sources, on="source_id")
        f = f.sort_values("as_of").groupby(["region_code", "indicator"]).tail(1)
        return f.merge(indicators, on="indicator")

    def overview():
        f = latest_figures()
        kpi = f[f.region_code.isin(["100000", *wanted]) & (f.headline == "1")]
        prov = regions[regions.level == "province"].merge(
            f[f.indicator == "stations_built"], left_on="code", right_on="region_code", how="left")
        choices = f[f.region_code.isin(wanted)].groupby("indicator").size()
        return kpi, prov, choices, targets[targets.deadline >= "2020"], names[["100000", *wanted]]

    def province_page():
        mine = stations[stations.province_code == PROVINCE]
        built = mine[mine.status != "planned"]
        months = pd.date_range("2019-01-01", "2025-12-01", freq="MS")
        monthly = (built.assign(month=built.opened_on.dt.to_period("M").dt.to_timestamp())
                   .groupby("month").agg(n=("station_id", "size"), sw=("social_workers", "sum"))
                   .reindex(months, fill_value=0).cumsum())
        counties = built.groupby("county_code").agg(stations=("station_id", "size"),
                                                    townships=("township", "nunique"))
        svc = services.merge(stations[["station_id", "province_code"]], on="station_id")
        svc = svc[svc.province_code == PROVINCE]
        by_month = svc.groupby("month")[["people_served", "sessions"]].sum()
        money = funding[funding.region_code.str[:2] == PROVINCE[:2]].groupby("year")["amount_cny"].sum()
        listing = mine.merge(regions, left_on="county_code", right_on="code")
        pub = figures[figures.region_code == PROVINCE]
        return monthly, counties, by_month, money, listing, pub

    def sources_page():
        return (figures.merge(sources, on="source_id").merge(regions, left_on="region_code", right_on="code"),
                targets.merge(sources, on="source_id"))

    result = {"load_ms": ms(load), "pages": {}}
    for page, fn in (("overview", overview), ("province", province_page), ("sources", sources_page)):
        t = time.perf_counter()
        fn()
        cold = time.perf_counter() - t
        runs = []
        for _ in range(repeat):
            t = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - t)
        result["pages"][page] = {"page_cold_ms": ms(cold), "page_warm_ms": ms(statistics.median(runs))}
    result["peak_rss_mb"] = round(peak_rss_mb())
    return result


# --- driver ------------------------------------------------------------------------------------------------------

def child(approach: str, arg: str, repeat: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", approach, arg, "--repeat", str(repeat)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def prepare(scale: str) -> tuple[Path, float, float]:
    """Demo files (reused or generated) and a fresh warehouse built from them; returns path and seconds."""
    from shegong.ingest.build import build
    from shegong.ingest.demo import generate

    demo = DATA_DIR / "demo" / scale
    gen = 0.0
    if not (demo / "services.parquet").exists():
        t = time.perf_counter()
        generate(scale, 1, demo)
        gen = time.perf_counter() - t
    out = Path(tempfile.mkdtemp()) / f"warehouse-{scale}.duckdb"
    t = time.perf_counter()
    build(out, DATA_DIR, demo)
    return out, gen, time.perf_counter() - t


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--scales", nargs="+", default=["provinces", "national"])
    p.add_argument("--repeat", type=int, default=20)
    p.add_argument("--child", nargs=2)
    args = p.parse_args()
    if args.child:
        approach, arg = args.child
        print(json.dumps((duckdb_child if approach == "duckdb" else pandas_child)(arg, args.repeat)))
        return

    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; median of {args.repeat} reruns")
    for scale in args.scales:
        warehouse, gen, build_s = prepare(scale)
        import duckdb

        with duckdb.connect(str(warehouse), read_only=True) as con:
            rows = con.execute("SELECT (SELECT count(*) FROM stations), (SELECT count(*) FROM services)").fetchone()
        print(f"\n== {scale}: {rows[0]:,} stations, {rows[1]:,} service rows; "
              f"{f'generated in {gen:.1f} s, ' if gen else ''}warehouse built in {build_s:.1f} s "
              f"({warehouse.stat().st_size / 2**20:.0f} MB)")
        duck = child("duckdb", str(warehouse), args.repeat)
        pand = child("pandas", str(DATA_DIR / "demo" / scale), args.repeat)
        print(f"{'page':13} {'duckdb warm':>12} {'duckdb cold':>12} {'pandas warm':>12} {'pandas cold':>12} "
              f"{'ratio warm':>11}")
        tot_d = tot_p = 0.0
        for page in PAGES:
            d = duck["pages"][page]
            q = pand["pages"].get(page)
            if q is None:  # no pandas peer written for this page
                print(f"{page:13} {d['page_warm_ms']:>10.1f}ms {d['page_cold_ms']:>10.1f}ms {'—':>12} {'—':>12}")
                continue
            tot_d += d["page_warm_ms"]
            tot_p += q["page_warm_ms"]
            ratio = q["page_warm_ms"] / d["page_warm_ms"] if d["page_warm_ms"] else float("inf")
            print(f"{page:13} {d['page_warm_ms']:>10.1f}ms {d['page_cold_ms']:>10.1f}ms "
                  f"{q['page_warm_ms']:>10.1f}ms {q['page_cold_ms']:>10.1f}ms {ratio:>10.1f}×")
        print(f"{'compared':13} {tot_d:>10.1f}ms {'':>12} {tot_p:>10.1f}ms {'':>12} {tot_p / tot_d:>10.1f}×"
              "   (overview + province + sources)")
        print(f"load: duckdb {duck['load_ms']:.0f} ms (open the file), "
              f"pandas {pand['load_ms']:.0f} ms (read every file)")
        print(f"peak RSS: duckdb {duck['peak_rss_mb']} MB, pandas {pand['peak_rss_mb']} MB "
              f"({pand['peak_rss_mb'] / duck['peak_rss_mb']:.1f}× less with duckdb)")
        print("duckdb per query, warm median ms:")
        for page in PAGES:
            print(f"  {page}: " + ", ".join(f"{k} {v}" for k, v in duck["pages"][page]["warm_ms"].items()))


if __name__ == "__main__":
    main()
