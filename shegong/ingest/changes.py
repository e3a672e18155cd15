"""The review state, kept in each version of the kept imports (warehouse.imports/v…/review.json, withdrawn.csv).

Keeping it inside the version makes an approval one commit: the approved rows, the change marked approved and the
public change log are switched in together by the one rename of CURRENT (ingest.atomic), so a writer killed at any
point leaves either the change pending and the rows absent, or both done. The files a change was entered from sit in
warehouse.imports/pending/ (written and synced before the version that names them is switched; never changed).

review.json: {"changes": [{id, table, kind (import/correct/withdraw), name, file, entered_by, entered_at, why, summary,
rows: [{region_code, indicator, as_of, source_id, old_value, new_value, qualifier, old_qualifier, action}], status
(pending/approved/rejected), decided_by, decided_at, decision_why}]}. withdrawn.csv: the keys of withdrawn figures,
removed from every build after data/figures.csv and the kept figures are loaded.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pandas as pd

REVIEW = "review.json"
WITHDRAWN = "withdrawn.csv"
PENDING_DIR = "pending"
KEY = ("region_code", "indicator", "as_of", "source_id")
PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
CHANGELOG_COLUMNS = ("change_id", "decided_at", "kind", "region_code", "indicator", "as_of", "source_id",
                     "old_value", "new_value", "qualifier", "old_qualifier", "why")


def now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def read_state(version: Path) -> dict:
    try:
        return json.loads((Path(version) / REVIEW).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"changes": []}


def write_state(version: Path, state: dict) -> None:
    (Path(version) / REVIEW).write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")


def read_withdrawn(version: Path) -> list[dict]:
    path = Path(version) / WITHDRAWN
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return [{k: r.get(k, "") for k in KEY} for r in csv.DictReader(f)]


def write_withdrawn(version: Path, rows: list[dict]) -> None:
    with (Path(version) / WITHDRAWN).open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(KEY))
        w.writeheader()
        seen = set()
        for r in rows:
            k = tuple(r[c] for c in KEY)
            if k not in seen:
                seen.add(k)
                w.writerow({c: r[c] for c in KEY})


def changelog(state: dict) -> pd.DataFrame:
    """One row per figure of each approved change, oldest first: what the public change log shows (no names)."""
    rows = []
    for c in state.get("changes", []):
        if c.get("status") != APPROVED or c.get("table") != "figures":
            continue
        for r in c.get("rows", []):
            rows.append({"change_id": c["id"], "decided_at": c.get("decided_at", ""), "kind": r.get("action", ""),
                         "region_code": r["region_code"], "indicator": r["indicator"], "as_of": r["as_of"],
                         "source_id": r["source_id"], "old_value": r.get("old_value") or None,
                         "new_value": r.get("new_value") or None, "qualifier": r.get("qualifier") or None,
                         "old_qualifier": r.get("old_qualifier") or None,
                         "why": c.get("why", "")})
    return pd.DataFrame(rows, columns=list(CHANGELOG_COLUMNS))


def load(con, version: Path | None) -> int:
    """In the warehouse `con`: remove the withdrawn figures (returns how many) and write the table `changelog` (the
    approved changes of figures, for the 更新日志 page and the sources page's revisions)."""
    removed = 0
    withdrawn = read_withdrawn(version) if version else []
    if withdrawn:
        con.register("withdrawn_df", pd.DataFrame(withdrawn, columns=list(KEY)))
        match = " AND ".join(f"f.{k} = w.{k}" for k in KEY)
        removed = con.execute(f"SELECT count(*) FROM figures f WHERE EXISTS (SELECT 1 FROM withdrawn_df w WHERE "
                              f"{match})").fetchone()[0]
        con.execute(f"DELETE FROM figures f WHERE EXISTS (SELECT 1 FROM withdrawn_df w WHERE {match})")
        con.unregister("withdrawn_df")
    log = changelog(read_state(version) if version else {"changes": []})
    con.register("changelog_df", log.astype(object))
    con.execute("""CREATE OR REPLACE TABLE changelog AS SELECT CAST(change_id AS VARCHAR) AS change_id,
        CAST(decided_at AS VARCHAR) AS decided_at, CAST(kind AS VARCHAR) AS kind,
        CAST(region_code AS VARCHAR) AS region_code, CAST(indicator AS VARCHAR) AS indicator,
        CAST(as_of AS VARCHAR) AS as_of, CAST(source_id AS VARCHAR) AS source_id,
        TRY_CAST(old_value AS DOUBLE) AS old_value, TRY_CAST(new_value AS DOUBLE) AS new_value,
        CAST(qualifier AS VARCHAR) AS qualifier, CAST(old_qualifier AS VARCHAR) AS old_qualifier,
        CAST(why AS VARCHAR) AS why FROM changelog_df""")
    con.unregister("changelog_df")
    return removed
