"""The suite's heavy sweeps in full: every exhibit in every image format (tests/browser/test_exports.py), every
exhibit's SVG in both languages against the CLI's and every page's chart texts at both screen sizes
(test_canvas.py), axe-core on every page in both languages at both sizes (test_a11y.py), the control walks at both
sizes (test_views.py), every page of the baked snapshot drawn (test_publish.py), every parameter value of every
demo exhibit (tests/data/test_catalog.py), crafted URLs on the pages (tests/app/test_pages.py: 70;
tests/deploy/test_public.py through nginx: 200). `make test` runs a sample of each (tests/sweep.py: every exhibit,
format, language, page and size at least once); this runs them with SHEGONG_FULL_SWEEP=1 and prints how many cases
ran and how long each module took, sampled and in full.

    .venv/bin/python benchmarks/sweeps.py [--sample]    # --sample: the suite's sample only, for comparison
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = ["tests/browser/test_exports.py", "tests/browser/test_canvas.py", "tests/browser/test_a11y.py",
           "tests/browser/test_views.py", "tests/browser/test_publish.py", "tests/data/test_catalog.py",
           "tests/app/test_pages.py", "tests/deploy/test_public.py"]


def run(module: str, full: bool) -> tuple[float, str]:
    env = {**os.environ, "SHEGONG_FULL_SWEEP": "1" if full else "0"}
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", module, "-q", "-s", "-p", "no:cacheprovider"], cwd=ROOT,
                          env=env, capture_output=True, text=True)
    return time.perf_counter() - t0, done.stdout + done.stderr


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sample", action="store_true", help="also run the suite's sample of each, for comparison")
    args = ap.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    for module in MODULES:
        for full in ([False, True] if args.sample else [True]):
            seconds, out = run(module, full)
            summary = re.findall(r"^(?:=+ )?(\d+ (?:passed|failed).*?)(?: =+)?$", out, re.MULTILINE)
            print(f"{module} ({'full' if full else 'sample'}): {seconds:.0f} s wall; {summary[-1] if summary else '?'}")
            for line in out.splitlines():
                if line.startswith("axe total by rule") or re.match(r"(FAILED|ERROR) ", line):
                    print("   ", line)
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
