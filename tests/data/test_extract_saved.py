"""Ticked bulletin candidates saved with their source become published figures on the dashboard (the reading of
bulletins itself: tests/unit/test_extract.py)."""
import shutil

import duckdb

from shegong.ingest import extract, importer
from tests.unit.test_extract import SHORT


def test_ticked_candidates_become_cited_figures(published_warehouse, tmp_path):
    db = tmp_path / "warehouse.duckdb"
    shutil.copy(published_warehouse, db)
    found = extract.candidates(SHORT)
    ticked = found[found.region_code == "131000"].copy()
    ticked["note"] = ticked.pop("quote")
    source = {"source_title": "廊坊市民政局新闻", "source_publisher": "廊坊市民政局", "source_published": "2022-07-01",
              "source_url": "https://example.org/lf"}
    out = importer.run("figures", "bulletin", ticked.assign(source_id="", **source), db)
    assert out.applied and out.added == 2, out.problems
    with duckdb.connect(str(db), read_only=True) as con:
        got = con.execute("""SELECT f.indicator, f.value, f.qualifier, s.title, s.url, f.research_note FROM figures f
                             JOIN sources s USING (source_id)
                             WHERE region_code = '131000' AND s.title = '廊坊市民政局新闻' ORDER BY 1""").fetchall()
    assert got[0][:5] == ("funding_cny", 150_000_000.0, "approx", "廊坊市民政局新闻", "https://example.org/lf")
    assert got[1][:3] == ("stations_built", 120.0, "exact") and "一百二十个" in got[1][5]
    # without a source nothing is saved
    before = db.read_bytes()
    out = importer.run("figures", "bulletin", ticked.assign(source_id="", source_title=""), db)
    assert not out.applied and out.problems[0].startswith("bulletin:3:source_id: the figure has no source")
    assert db.read_bytes() == before
