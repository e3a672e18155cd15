"""README recipes, done as a newcomer would: "Add a province" (one setting) and "Add an indicator" (rows in
data/indicators.csv and data/figures.csv), each in a copy of the project so that nothing here changes."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
SHANDONG = "370000"
FIVE = "410000,130000,640000,110000," + SHANDONG
NAMES_FOUR = ("四省", "4省", "四个省", "four provinces", "the four", "4 provinces")

# Run inside the copy with SHEGONG_PROVINCES set: the demo and the warehouse as `make build PROVINCES=...` makes them,
# then every exhibit of the catalog in both languages (those that take a province: each province in zh, Shandong in en).
SWEEP = r'''
import json, os, sys
from pathlib import Path
from shegong.ingest.demo import generate
from shegong.ingest.build import build
root = Path.cwd()
demo, wh = root / "data" / "demo" / "five", root / "data" / "warehouse-five.duckdb"
generate("provinces", 1, demo)
build(wh, root / "data", demo)
os.environ["SHEGONG_WAREHOUSE"] = str(wh)
from shegong import catalog, i18n, vocab
out = {"provinces": list(vocab.provinces()), "exhibits": []}
for lang in ("zh", "en"):
    i18n.set_language(lang)
    for cid in catalog.ids():
        opts = catalog.options(cid)
        # a province's exhibits for every province in Chinese; in English for the new one
        shown = opts.get("province", []) if lang == "zh" else ["370000"]
        for params in ([{"province": p} for p in shown] if "province" in opts else [{}]):
            ex = catalog.build(cid, **params)
            row = {"id": cid, "lang": lang, "params": params, "options": {k: list(v) for k, v in opts.items()},
                   "built": ex is not None}
            if ex is not None:
                row["title"] = " ".join([ex.title, ex.subtitle])
                row["text"] = "\n".join([ex.title, ex.subtitle, *ex.sources, *ex.notes,
                                         ex.figure.to_json() if ex.figure is not None else "",
                                         ex.displayed.to_csv(), ex.full.to_csv()])
                row["demo"] = ex.demo
            out["exhibits"].append(row)
Path(sys.argv[1]).write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
'''


def copy_project(dest: Path) -> Path:
    """The repository's files without the virtualenv, built warehouses, demo folders and caches."""
    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(
        ".venv", ".git", "__pycache__", ".pytest_cache", "*.duckdb", "*.wal", "demo", "site", "var", ".publish-nginx",
        "*.imports", "golden", "browser", "deploy", "import_corpus"))
    return dest


@pytest.fixture(scope="module")
def five(tmp_path_factory):
    """The project copied, a fifth province (山东) set by SHEGONG_PROVINCES, the demo generated and built, and every
    exhibit built."""
    project = copy_project(tmp_path_factory.mktemp("five") / "project")
    report = project / "sweep.json"
    env = {**os.environ, "SHEGONG_PROVINCES": FIVE, "PYTHONPATH": str(project)}
    env.pop("SHEGONG_WAREHOUSE", None)
    done = subprocess.run([sys.executable, "-c", SWEEP, str(report)], cwd=project, env=env, capture_output=True,
                          text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return project, json.loads(report.read_text(encoding="utf-8"))


def test_a_fifth_province_is_one_setting(five):
    _, report = five
    assert report["provinces"] == FIVE.split(",")
    exhibits = report["exhibits"]
    # every menu of provinces offers it where it offers Henan
    for e in exhibits:
        for key in ("province", "provinces"):
            if "410000" in e["options"].get(key, []):
                assert SHANDONG in e["options"][key], (e["id"], key)
    # every exhibit of a province is built for Shandong wherever it is for the others from the demo records
    built = {(e["id"], e["params"].get("province")): e for e in exhibits if e["lang"] == "zh"}
    for cid, province in built:
        others = [built[(cid, p)] for p in FIVE.split(",")[:4]] if province == "410000" else []
        if others and all(o["built"] and o.get("demo") for o in others):
            assert built[(cid, SHANDONG)]["built"], cid
    # exhibits that set the provinces side by side name Shandong beside Henan (the map of China names all 34)
    for e in exhibits:
        if e["built"] and not e["params"] and ("河南" in e["text"] or "Henan" in e["text"]) and \
                e["id"] not in ("overview.kpis", "sources.figures", "sources.targets", "services.menu"):
            assert ("山东" in e["text"] or "Shandong" in e["text"]), (e["id"], e["lang"])
    titles = [e["title"] for e in exhibits if e["built"]]
    assert any("河南、河北、宁夏、北京、山东" in t for t in titles)
    assert any("Henan, Hebei, Ningxia, Beijing and Shandong" in t for t in titles)
    assert not [t for t in titles if any(w in t for w in NAMES_FOUR)]


def test_a_province_without_county_boundaries_says_how_to_add_them(five):
    _, report = five
    maps = [e for e in report["exhibits"] if e["id"] == "province.map" and e["params"].get("province") == SHANDONG]
    zh = next(e for e in maps if e["lang"] == "zh")
    assert zh["built"] and "暂无县级边界" in zh["text"] and "derive-geo" in zh["text"]
    en = next(e for e in maps if e["lang"] == "en")
    assert "No county boundary file for Shandong" in en["text"]


def test_adding_a_province_changes_no_other_province_demo_record(five, demo_dir):
    """Each province draws from its own stream: the other provinces' records are those of the demo made without
    Shandong."""
    project, _ = five
    with_five = project / "data" / "demo" / "five"
    stations = pd.read_csv(with_five / "stations.csv", dtype=str, keep_default_na=False)
    four = pd.read_csv(demo_dir / "stations.csv", dtype=str, keep_default_na=False)
    assert (stations.county_code.str[:2] == "37").sum() > 1000  # Shandong's stations are there
    pd.testing.assert_frame_equal(stations[stations.county_code.str[:2] != "37"].reset_index(drop=True), four)
    funding = pd.read_csv(with_five / "funding.csv", dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(funding[funding.region_code.str[:2] != "37"].reset_index(drop=True),
                                  pd.read_csv(demo_dir / "funding.csv", dtype=str, keep_default_na=False))
    query = ("SELECT left(station_id, 2) AS p, month, service_type, sum(people_served), sum(sessions) "
             "FROM '{}' WHERE left(station_id, 2) <> '37' GROUP BY ALL ORDER BY ALL")
    with duckdb.connect() as con:
        assert con.execute(query.format(with_five / "services.parquet")).fetchall() == \
            con.execute(query.format(demo_dir / "services.parquet")).fetchall()


NEW_INDICATOR = ("volunteer_hours,志愿服务时长,Volunteer service hours,小时,hours,0,"
                 "Hours of volunteer service organised by stations.,as_published|per_station,,志愿服务时长,小时,,365\n")
NEW_FIGURES = ("410000,volunteer_hours,125000,at_least,2023,annual,S001,志愿服务时长。,Volunteer hours.,recipe test\n"
               "130000,volunteer_hours,98000,exact,2023,annual,S001,志愿服务时长。,Volunteer hours.,recipe test\n")


def test_an_indicator_is_added_by_data_alone(tmp_path, demo_dir, monkeypatch):
    """Rows in indicators.csv and figures.csv (a copy): the compare page offers it, with its measures, and an export
    of the comparison carries its figures."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("demo", "*.duckdb", "*.imports"))
    with open(data / "indicators.csv", "a", encoding="utf-8") as f:
        f.write(NEW_INDICATOR)
    with open(data / "figures.csv", "a", encoding="utf-8") as f:
        f.write(NEW_FIGURES)
    from shegong import catalog, i18n
    from shegong.ingest.build import build
    from shegong.outputs import export

    warehouse = tmp_path / "warehouse.duckdb"
    build(warehouse, data, demo_dir)
    monkeypatch.setenv("SHEGONG_WAREHOUSE", str(warehouse))
    i18n.set_language("zh")
    assert catalog.compare_indicators()["volunteer_hours"] == "志愿服务时长"
    options = catalog.options("compare.trend")
    assert "volunteer_hours" in options["indicator"]
    from shegong.catalog import compare
    assert set(compare.measures("volunteer_hours")) == {"absolute", "per_station"}
    table = catalog.build("compare.table", indicator="volunteer_hours", provinces="410000,130000")
    csv = export(table, "csv").decode("utf-8-sig")
    rows = csv.splitlines()
    henan, hebei = next(r for r in rows if r.startswith("河南省")), next(r for r in rows if r.startswith("河北省"))
    assert "125000" in henan and "98000" in hebei and "小时" in henan  # the figures, their full value and unit
    i18n.set_language("en")
    assert catalog.compare_indicators()["volunteer_hours"] == "Volunteer service hours"
    i18n.set_language("zh")
