"""New data goes live without a restart: the warehouse is rebuilt (new file, then rename) under a running public
server while sessions are open and rerunning; they see the new numbers on their next rerun and never an error."""
import asyncio
import os
import shutil

import pytest

from benchmarks.load import Session
from deploy.run import Deployment
from shegong.config import DATA_DIR
from shegong.ingest.build import build


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("data")
    for f in DATA_DIR.glob("*.csv"):
        shutil.copy(f, data_dir / f.name)
    out = data_dir / "warehouse.duckdb"
    build(out, data_dir)  # the published figures alone: a build takes well under a second
    with Deployment(1, nginx=False, warehouse=out) as d:
        yield d, out, data_dir


def henan_stations(data_dir, value: int) -> None:
    """Change Henan's published station count (both citations of it) in figures.csv."""
    figures = data_dir / "figures.csv"
    lines = figures.read_text(encoding="utf-8").splitlines()
    changed = [(f"410000,stations_built,{value}," + line.split(",", 3)[3]) if line.startswith("410000,stations_built,")
               else line for line in lines]
    assert changed != lines
    figures.write_text("\n".join(changed) + "\n", encoding="utf-8")


def test_rebuild_while_sessions_rerun_switches_them_to_the_new_data(served):
    site, out, data_dir = served

    async def scenario():
        watcher = await Session(site.url).open()
        assert "515个" in (await watcher.load("")).texts
        busy = [await Session(site.url).open() for _ in range(3)]
        stop = asyncio.Event()
        problems = []

        async def keep_rerunning(s, page):
            while not stop.is_set():
                r = await s.load(page)
                if not r.ok:
                    problems.append((page, r.finished, r.exceptions))

        async def rebuild_twice():
            for value in (616, 717):
                henan_stations(data_dir, value)
                await asyncio.to_thread(build, out, data_dir)
                await asyncio.sleep(0.5)
            stop.set()

        await asyncio.gather(rebuild_twice(), *(keep_rerunning(s, p) for s, p in zip(busy, ["", "compare", "sources"])))
        page = await watcher.load("")  # the session opened before both rebuilds, never restarted
        for s in [watcher, *busy]:
            await s.close()
        return page, problems

    page, problems = asyncio.run(scenario())
    assert not problems, problems[:3]
    assert page.ok and "717个" in page.texts and "515个" not in page.texts


def test_damaged_warehouse_renamed_in_gets_the_plain_page_then_a_rebuild_brings_the_data_back(served):
    site, out, data_dir = served

    async def scenario():
        s = await Session(site.url).open()
        before = await s.load("province", "province=410000")
        broken = out.with_name("broken.tmp")
        broken.write_bytes(b"this is not a duckdb file" * 100)
        os.replace(broken, out)
        damaged = await s.load("province", "province=410000")
        build(out, data_dir)
        after = await s.load("province", "province=410000")
        await s.close()
        return before, damaged, after

    before, damaged, after = asyncio.run(scenario())
    assert before.ok and "河南省：乡镇(街道)社工站" in before.texts
    assert damaged.ok and "社工站数据看板暂时无法显示数据" in damaged.texts  # no exception, no stack trace
    # a visitor is told to come back, never to run a command (issue 19)
    assert any("本站数据暂时无法显示" in t for t in damaged.texts)
    assert not any("make build" in t for t in damaged.texts)
    assert after.ok and "河南省：乡镇(街道)社工站" in after.texts
