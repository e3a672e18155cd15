"""`python -m shegong publish` over an earlier snapshot re-bakes only the pages whose exhibits changed and says which;
an approved correction reaches the snapshot's 更新日志 and sources pages, a pending change never does."""
import os
import subprocess
import sys

from shegong.config import DATA_DIR, ROOT
from shegong.ingest import review
from shegong.ingest.build import build
from shegong.outputs import publish as site


def publish(db, site, *extra):
    done = subprocess.run([sys.executable, "-m", "shegong", "publish", "--out", str(site), "--province", "640000",
                           "--lang", "zh", "--formats", "csv", *extra], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, env={**os.environ, "SHEGONG_WAREHOUSE": str(db)})
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_only_changed_pages_are_baked_again(tmp_path):
    db, site = tmp_path / "warehouse.duckdb", tmp_path / "site"
    build(db, DATA_DIR, None)
    first = publish(db, site)
    assert "0 unchanged pages copied" in first
    assert "re-baked 0 pages whose exhibits changed" in publish(db, site)
    assert "暂无更新记录" in (site / "changelog.html").read_text(encoding="utf-8")
    key = {"region_code": "640105", "indicator": "volunteers", "as_of": "2021", "source_id": "S001"}
    fix = review.correct(key, "120", db, user="alice@example.org", why="原文为120余人").change
    assert review.approve(fix["id"], db, user="bob@example.org").ok
    f = tmp_path / "pending.csv"
    f.write_text("region_code,indicator,value,as_of,source_id\n640105,households_served,777,2021,S001\n",
                 encoding="utf-8")
    assert review.enter("figures", "pending.csv", f, db, user="alice@example.org").change["status"] == "pending"
    out = publish(db, site)
    assert "re-baked 2 pages whose exhibits changed" in out, out
    changelog, sources = out.splitlines()[-2:]  # each page with the part of it that changed
    assert changelog.startswith("  changelog.html  (block 1: zh/changes.log") and "navigation" not in changelog, out
    assert sources.startswith("  sources.html  (block 1: zh/sources.figures") and "templates" not in sources, out
    log = (site / "changelog.html").read_text(encoding="utf-8")
    assert "原文为120余人" in log and "≥100人 → ≥120人" in log
    assert "777" not in log and "777" not in (site / "sources.html").read_text(encoding="utf-8")
    assert "re-baked 10 pages" in publish(db, site, "--full")


def test_a_page_hash_covers_the_items_of_its_lists(published_warehouse, monkeypatch, tmp_path):
    """本期要点 is a list block: a statement that changes alone (a corrected national figure the overview's charts do
    not show) must draw its page again. The hash once covered a list's kind and text but not its items."""
    monkeypatch.setenv("SHEGONG_WAREHOUSE", str(published_warehouse))
    baker = site.Baker(tmp_path / "site", False, ("zh",), None, ("640000",), ("csv",))

    def page(items):
        return site.Page("index.html", "overview", "总览", [site.Block("h2", "本期要点"),
                                                          site.Block("list", items=items)])

    before = baker.page_hash(page(["全国：社工站2.9万个（截至2022年）"]), "zh")
    after = baker.page_hash(page(["全国：社工站3.2万个（截至2022年）"]), "zh")
    assert before != after
    assert baker.page_hash(page(["全国：社工站2.9万个（截至2022年）"]), "zh") == before
