"""Every exhibit's title and data, zh and en, equal the golden file: a reshaping of the code changes none of them.

An exhibit changed on purpose: `pytest tests/data/test_golden.py --update-golden`, and the diff of
tests/golden/catalog.json is reviewed with the change.
"""
import json
import os
import subprocess
import sys

from shegong.config import ROOT
from tests.golden.snapshot import GOLDEN


def test_every_exhibit_equals_the_golden_file(warehouse, request):
    # built in a fresh process: what other tests did in this one (translations added, exhibits cached) must not count
    out = subprocess.run([sys.executable, "-m", "tests.golden.snapshot", "--print"], cwd=ROOT, check=True,
                         capture_output=True, env={**os.environ, "SHEGONG_WAREHOUSE": str(warehouse),
                                                   "PYTHONPATH": str(ROOT)})
    now = json.loads(out.stdout)
    if request.config.getoption("--update-golden"):
        GOLDEN.write_text(json.dumps(now, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert sorted(now) == sorted(golden), "exhibits added or removed"
    changed = [key for key in golden if json.loads(json.dumps(now[key], ensure_ascii=False)) != golden[key]]
    assert not changed, f"{len(changed)} exhibits differ from tests/golden/catalog.json: {', '.join(changed[:12])}"
