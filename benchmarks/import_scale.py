"""Time and peak RSS of `python -m shegong import services FILE` at national scale (issue 15).

The national demo's stations are imported once as real stations (ids prefixed R, is_demo dropped) into a copy of
the national warehouse; then the first N of the demo's service rows, written as a CSV with those ids, are validated
and imported into a fresh copy of it, each in its own process (peak RSS = that process's ru_maxrss).
Since issue 24 an import is entered --as one person and approved by another: both commands are timed together.

    make build SCALE=national          # data/warehouse-national.duckdb and data/demo/national (a few minutes)
    .venv/bin/python benchmarks/import_scale.py [--rows 2000000 5000000 all] [--code DIR]

--code runs another checkout's importer on the same files (e.g. main before issue 15:
`git archive ec5a7b8 | tar -x -C /tmp/main-ec5a7b8`), to measure before and after on the same machine.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent


def prepare(work: Path, records: Path, rows: list[int | None]) -> dict:
    """The stations file and one services CSV per size (made once, kept in `work`)."""
    work.mkdir(parents=True, exist_ok=True)
    stations = work / "stations.csv"
    con = duckdb.connect()
    if not stations.exists():
        con.execute(f"""COPY (SELECT 'R' || station_id AS station_id, * EXCLUDE (station_id, is_demo)
                        FROM read_csv('{records / 'stations.csv'}', all_varchar = true))
                        TO '{stations}' (HEADER)""")
    files = {}
    for n in rows:
        path = work / f"services_{n or 'all'}.csv"
        if not path.exists():
            limit = f"LIMIT {n}" if n else ""
            con.execute(f"""COPY (SELECT 'R' || station_id AS station_id, month, category, service_type, people_served,
                                         sessions FROM read_parquet('{records / 'services.parquet'}') {limit})
                            TO '{path}' (HEADER)""")
        files[n] = path
    return {"stations": stations, "services": files}


def measure(code: Path, args: list[str]) -> tuple[float, float, int, str, float]:
    """Seconds, peak RSS (MB) and exit code of `python -m shegong ARGS` run from `code`; its last output line; CPU
    seconds (user + system: less sensitive than wall time to other work on a shared machine).

    Measured by /usr/bin/time -v, not by this process's wait4(): a child forked from a big parent (this one, after
    writing the CSV files) inherits the parent's peak RSS on Linux."""
    env = dict(os.environ, PYTHONPATH=str(code))
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        proc = subprocess.run(["/usr/bin/time", "-v", "-o", report.name, sys.executable, "-m", "shegong", *args],
                              cwd=code, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        fields = dict(line.strip().rsplit(": ", 1) for line in report.read().splitlines() if ": " in line)
    wall = fields["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":")
    seconds = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall)))
    cpu = float(fields["User time (seconds)"]) + float(fields["System time (seconds)"])
    lines = proc.stdout.strip().splitlines()
    return seconds, int(fields["Maximum resident set size (kbytes)"]) / 1024, proc.returncode, \
        lines[-1] if lines else "", cpu


def imported(code: Path, table: str, path: Path, db: Path):
    """An import as it is made since every import waits for review (issue 24): entered --as one person (checked
    against a copy of the warehouse, the file kept pending), then approved by another (the import itself). Seconds
    and CPU are the two commands' sum, peak RSS the larger; the last line is the import's summary."""
    s1, rss1, rc, last, cpu1 = measure(code, ["import", table, str(path), "--db", str(db), "--as", "bench-clerk"])
    if rc or not last.startswith("change "):
        return s1, rss1, rc, last, cpu1
    s2, rss2, rc, last, cpu2 = measure(code, ["review", "approve", last.split()[1], "--as", "bench-reviewer",
                                             "--db", str(db)])
    return s1 + s2, max(rss1, rss2), rc, last, cpu1 + cpu2


def hostile(work: Path, warehouse: Path) -> int:
    """Seconds and peak RSS to refuse an XLSX with one cell at XFD1048576, at XFD20000, and one whose sheet expands to
    1.1 GB (a 1 MB zip), against a copy of the provinces warehouse."""
    import zipfile

    import openpyxl

    work.mkdir(parents=True, exist_ok=True)
    files = {}
    for cell in ("XFD1048576", "XFD20000"):
        wb = openpyxl.Workbook()
        wb.active.title = "stations"
        wb.active.append(["站点编号", "站点名称", "县区代码", "乡镇街道", "状态", "驻站社工人数"])
        wb.active[cell] = "x"
        files[f"far cell {cell}"] = work / f"far-{cell}.xlsx"
        wb.save(files[f"far cell {cell}"])
    bomb = work / "bomb.xlsx"
    with zipfile.ZipFile(files["far cell XFD20000"]) as z, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            data = z.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"XFD20000", b"F2").replace(b"</sheetData>", b"</sheetData>" + b" " * (1100 << 20))
            out.writestr(info.filename, data)
    files["zip bomb (1.1 GB sheet)"] = bomb
    db = work / "hostile.duckdb"
    sys.path.insert(0, str(ROOT))
    from shegong.ingest import reading

    print("| file | size | refused in (in process) | whole CLI process: seconds | peak RSS MB | exit | message |")
    print("|---|---|---|---|---|---|---|")
    for label, path in files.items():
        t0 = time.perf_counter()
        try:
            reading.read(path.name, path, "stations").close()
        except reading.ImportProblems:
            pass
        inner = time.perf_counter() - t0
        shutil.copyfile(warehouse, db)
        s, rss, rc, last, _ = measure(ROOT, ["import", "stations", str(path), "--db", str(db), "--dry-run"])
        print(f"| {label} | {path.stat().st_size / 1024:,.0f} KB | {inner * 1000:.0f} ms | {s:.2f} | {rss:,.0f} "
              f"| {rc} | "
              f"{last[-100:]} |")
    return 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", nargs="+", default=["2000000", "5000000", "all"])
    p.add_argument("--warehouse", type=Path, default=ROOT / "data" / "warehouse-national.duckdb")
    p.add_argument("--records", type=Path, default=ROOT / "data" / "demo" / "national")
    p.add_argument("--code", type=Path, default=ROOT)
    p.add_argument("--work", type=Path, default=Path("/tmp/shegong-import-scale"))
    p.add_argument("--hostile", action="store_true", help="only time the refusal of a far cell and a zip bomb (XLSX)")
    args = p.parse_args()
    if args.hostile:
        return hostile(args.work, ROOT / "data" / "warehouse.duckdb")
    rows = [None if r == "all" else int(r) for r in args.rows]
    files = prepare(args.work, args.records.resolve(), rows)
    base = args.work / "base.duckdb"
    if not base.exists():  # the national warehouse with the demo's stations imported as real ones
        tmp = args.work / "base-new.duckdb"
        shutil.copyfile(args.warehouse, tmp)
        shutil.rmtree(args.work / "base-new.imports", ignore_errors=True)
        s, rss, rc, last, _ = imported(ROOT, "stations", files["stations"], tmp)
        rows = sum(1 for _ in open(files["stations"])) - 1
        print(f"stations (real, {rows:,} rows): {s:.1f} s, peak RSS {rss:,.0f} MB,"
              f" exit {rc}: {last}")
        if rc:
            return rc
        tmp.rename(base)
        shutil.rmtree(args.work / "base.imports", ignore_errors=True)
        (args.work / "base-new.imports").rename(args.work / "base.imports")
    print(f"code: {args.code}; load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("| service rows | CSV MB | seconds | CPU s | peak RSS MB | exit | load avg | last line |")
    print("|---|---|---|---|---|---|---|---|")
    for n, path in files["services"].items():
        db = args.work / "run.duckdb"
        shutil.copyfile(base, db)
        shutil.rmtree(args.work / "run.imports", ignore_errors=True)
        shutil.copytree(args.work / "base.imports", args.work / "run.imports")
        count = n or duckdb.sql(f"SELECT count(*) FROM read_csv('{path}')").fetchall()[0][0]
        s, rss, rc, last, cpu = imported(args.code, "services", path, db)
        print(f"| {count:,} | {path.stat().st_size / 2**20:,.0f} | {s:.1f} | {cpu:.1f} | {rss:,.0f} | {rc} | "
              f"{os.getloadavg()[0]:.1f} | {last[-90:]} |", flush=True)
        db.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
