"""Review before publication (审核): a change waits until a second allowed person approves it.

An import that would change what the public sees — figures entered on the admin page or by `python -m shegong import
figures FILE --as USER`, any import made `--as` someone, a correction or a withdrawal — is checked exactly as an
import is (the same code, a dry run against a copy of the warehouse) and kept as a pending change: its file in
warehouse.imports/pending/, its entry in the review state (ingest.changes). Nothing reaches either warehouse or the
snapshot until another allowed user approves it; the person who entered it cannot. An approval runs the import
(under the one-writer lock: rows, their approval and the public change log switched in by one rename), then rebuilds
the public warehouse beside it, which the live replicas pick up on their next rerun (shegong.queries reopens a
warehouse whose file identity changed). A rejection keeps the change and its reason in the log.

Who may approve: SHEGONG_REVIEWERS when set, else SHEGONG_ADMINS when set, else anyone but the person who entered it.
"""
from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from shegong import config
from shegong.ingest import changes, importer
from shegong.ingest.changes import APPROVED, KEY, PENDING, REJECTED

KINDS = {"import": "导入", "correct": "更正", "withdraw": "撤回"}
STATUS = {PENDING: "待审核", APPROVED: "已批准", REJECTED: "已驳回"}
LOG_ACTIONS = {"entered": "提交", "entered correction": "提交了更正", "entered withdrawal": "提交了撤回",
               "approved": "批准", "rejected": "已驳回"}  # the log's actions as the admin page names them


class ReviewError(ValueError):
    """A review step that is not allowed or makes no sense (the message says why, in plain words)."""


@dataclass
class Result:
    """What a review step did: the change, the import's outcome (problems, counts) and the public rebuild."""

    change: dict | None = None
    outcome: importer.Outcome | None = None
    problems: list[str] = field(default_factory=list)
    public: Path | None = None
    public_seconds: float = 0.0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems


def same_person(a: str, b: str) -> bool:
    return (a or "").strip().lower() == (b or "").strip().lower()


def reviewers() -> set[str]:
    """Who may approve (empty: anyone but the one who entered the change)."""
    return config.reviewers() or config.admins()


def may_approve(user: str, change: dict) -> str | None:
    """None when `user` may decide on `change`, else why not."""
    if not user.strip():
        return "say who you are (--as USER)"
    if same_person(user, change["entered_by"]):
        return f"{user} entered change {change['id']}: another person must review it (审核需由另一人进行)"
    allowed = reviewers()
    if allowed and user.strip().lower() not in allowed:
        return f"{user} is not on the list of reviewers (SHEGONG_REVIEWERS, else SHEGONG_ADMINS)"
    return None


def _db(db: Path | None) -> Path:
    from shegong.queries import warehouse_path

    return Path(db) if db else warehouse_path()


def public_warehouse(db: Path) -> Path:
    """The public warehouse built from `db`'s kept imports: data/warehouse-public.duckdb for data/warehouse.duckdb."""
    db = Path(db)
    return db.with_name(f"{db.stem}-public{db.suffix}")


def state(db: Path | None = None) -> dict:
    return changes.read_state(importer.kept_files(_db(db)))


def changes_of(db: Path | None = None, status: str | None = None) -> list[dict]:
    return [c for c in state(db)["changes"] if status is None or c["status"] == status]


def find(db: Path | None, change_id: str) -> dict:
    for c in state(db)["changes"]:
        if c["id"] == str(change_id).strip().lstrip("#"):
            return c
    raise ReviewError(f"no change {change_id}: see `python -m shegong review list`")


def _rows_of(con, table: str) -> list[dict]:
    """The compared rows of a figures import, with the warehouse's value before (from the table `diff`)."""
    if table != "figures":
        return []
    found = con.execute("""
        SELECT d.region_code, d.indicator, d.as_of, d.source_id, CAST(o.value AS VARCHAR), CAST(d.value AS VARCHAR),
               d.qualifier, d._action, o.qualifier
        FROM diff d LEFT JOIN figures o ON o.region_code = d.region_code AND o.indicator = d.indicator
             AND o.as_of = d.as_of AND o.source_id = d.source_id
        WHERE d._action <> 'same' ORDER BY d._row""").fetchall()
    return [dict(zip((*KEY, "old_value", "new_value", "qualifier", "action", "old_qualifier"), r)) for r in found]


def _keep_file(db: Path, change_id: str, name: str, data) -> str:
    """Keep what the change was entered from (synced before the version naming it is switched); its path within
    warehouse.imports/."""
    folder = importer.imports_dir(db) / changes.PENDING_DIR
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(data, pd.DataFrame):
        suffix = ".csv"
    else:
        suffix = Path(str(name)).suffix.lower() if Path(str(name)).suffix.lower() in (".csv", ".tsv", ".txt",
                                                                                       ".xlsx") else ".csv"
    target = folder / f"{change_id}-{time.time_ns()}{suffix}"  # unique: two sessions may both take number N
    tmp = target.with_name(target.name + ".tmp")
    if isinstance(data, pd.DataFrame):
        data.to_csv(tmp, index=False, encoding="utf-8")
    elif isinstance(data, (bytes, bytearray)):
        tmp.write_bytes(data)
    else:
        shutil.copyfile(data, tmp)
    with open(tmp, "rb+") as f:
        os.fsync(f.fileno())
    os.replace(tmp, target)
    return f"{changes.PENDING_DIR}/{target.name}"


def _next_id(db: Path) -> str:
    """Change numbers count up from 1 (_enter takes the next free one under the lock if another session took it)."""
    ids = [int(c["id"]) for c in state(db)["changes"] if str(c["id"]).isdigit()]
    return str(max(ids, default=0) + 1)


def _enter(db: Path, entry: dict, wait: bool) -> dict:
    def write(version: Path) -> None:
        st = changes.read_state(version)
        taken = {c["id"] for c in st["changes"]}
        if entry["id"] in taken:  # entered at the same moment by another session: take the next number
            entry["id"] = str(max(int(i) for i in taken if i.isdigit()) + 1)
        st["changes"].append(entry)
        changes.write_state(version, st)

    importer.review_only(db, write, wait)
    return entry


def _summary(out: importer.Outcome) -> str:
    return f"{out.rows} rows: {out.added} added, {out.changed} changed"


def enter(table: str, name: str, data, db: Path | None = None, user: str = "", why: str = "", kind: str = "import",
          progress=importer._no_progress, wait: bool = True, logged_as: str = "") -> Result:
    """Check an import as `user` and keep it as a pending change (nothing published). Problems, or nothing to
    change, keep nothing. `logged_as` is what the import log names when it is approved (the admin page: the
    provider's subject, the address and the client address); `user` is the person reviews compare."""
    t0 = time.perf_counter()
    db = _db(db)
    if config.public():
        return Result(problems=[f"{name}:1:-: changes cannot be entered in the public deployment (SHEGONG_PUBLIC=1)"])
    if not user.strip():
        return Result(problems=[f"{name}:1:-: say who enters the change (--as USER)"])
    rows: list[dict] = []
    out = importer.run(table, name, data, db, dry_run=True, progress=progress, user=user, wait=wait,
                       capture=lambda con: rows.extend(_rows_of(con, table)))
    result = Result(outcome=out, problems=list(out.problems))
    if out.problems or not (out.added or out.changed):
        result.seconds = time.perf_counter() - t0
        return result
    change_id = _next_id(db)
    entry = {"id": change_id, "table": table, "kind": kind, "name": str(name),
             "file": _keep_file(db, change_id, name, data), "entered_by": user.strip(),
             "logged_as": (logged_as or user).strip(), "entered_at": changes.now(),
             "why": why.strip(), "summary": _summary(out), "rows": rows, "status": PENDING, "decided_by": "",
             "decided_at": "", "decision_why": ""}
    result.change = _enter(db, entry, wait)
    result.seconds = time.perf_counter() - t0
    return result


def _figure(db: Path, key: dict) -> dict:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        found = con.execute("""SELECT region_code, indicator, as_of, source_id, CAST(value AS VARCHAR), qualifier,
                                      scope, note FROM figures WHERE region_code = $region_code
                               AND indicator = $indicator AND as_of = $as_of AND source_id = $source_id""",
                            key).fetchone()
    if found is None:
        raise ReviewError("no published figure " + " / ".join(key[k] for k in KEY) +
                          " (region_code / indicator / as_of / source_id): see the sources page or "
                          "`python -m shegong export sources.figures --format csv`")
    return dict(zip((*KEY, "value", "qualifier", "scope", "note"), found))


def correct(key: dict, value: str, db: Path | None = None, user: str = "", why: str = "", qualifier: str = "",
            wait: bool = True) -> Result:
    """A correction of a published figure (same region, indicator, date and source; a new value), for review."""
    db = _db(db)
    if not why.strip():
        raise ReviewError("a correction needs a reason (--why TEXT)")
    old = _figure(db, key)
    row = pd.DataFrame([{**{k: old[k] for k in KEY}, "value": value, "qualifier": qualifier or old["qualifier"],
                         "scope": old["scope"] or "", "note": old["note"] or ""}])
    return enter("figures", "更正", row, db, user, why, kind="correct", wait=wait)


def withdraw(key: dict, db: Path | None = None, user: str = "", why: str = "", wait: bool = True) -> Result:
    """A withdrawal of a published figure (it leaves the dashboard; its history stays), for review."""
    db = _db(db)
    if not why.strip():
        raise ReviewError("a withdrawal needs a reason (--why TEXT)")
    if not user.strip():
        raise ReviewError("say who enters the change (--as USER)")
    old = _figure(db, key)
    entry = {"id": _next_id(db), "table": "figures", "kind": "withdraw", "name": "撤回", "file": "",
             "entered_by": user.strip(), "entered_at": changes.now(), "why": why.strip(),
             "summary": "1 figure withdrawn",
             "rows": [{**{k: old[k] for k in KEY}, "old_value": old["value"], "new_value": None,
                       "qualifier": old["qualifier"], "old_qualifier": old["qualifier"], "action": "withdraw"}],
             "status": PENDING, "decided_by": "", "decided_at": "", "decision_why": ""}
    return Result(change=_enter(db, entry, wait))


def _decided(version: Path, change_id: str, status: str, user: str, why: str, rows: list[dict] | None = None) -> dict:
    st = changes.read_state(version)
    change = next(c for c in st["changes"] if c["id"] == change_id)
    if change["status"] != PENDING:
        raise ReviewError(f"change {change_id} is already {change['status']} by {change['decided_by']}")
    change.update(status=status, decided_by=user.strip(), decided_at=changes.now(), decision_why=why.strip())
    if rows:  # the values before, as they are now (another change may have been approved meanwhile)
        change["rows"] = rows
    changes.write_state(version, st)
    return change


def approve(change_id: str, db: Path | None = None, user: str = "", why: str = "", wait: bool = True,
            progress=importer._no_progress, rebuild_public: bool = True) -> Result:
    """Publish a pending change: import it under the writer lock, then rebuild the public warehouse."""
    t0 = time.perf_counter()
    db = _db(db)
    change = find(db, change_id)
    if change["status"] != PENDING:
        raise ReviewError(f"change {change['id']} is already {change['status']} (by {change['decided_by']})")
    refused = may_approve(user, change)
    if refused:
        raise ReviewError(refused)
    result = Result()
    if change["kind"] == "withdraw":
        def write(version: Path, con) -> None:
            result.change = _decided(version, change["id"], APPROVED, user, why)
            changes.write_withdrawn(version, changes.read_withdrawn(version) + change["rows"])

        result.problems = importer.apply_review(db, write, wait)
    else:
        rows: list[dict] = []

        def write(version: Path, con) -> None:
            result.change = _decided(version, change["id"], APPROVED, user, why, rows)
            if change["table"] == "figures":  # figures entered again after a withdrawal are back
                keys = {tuple(r[k] for k in KEY) for r in rows}
                withdrawn = changes.read_withdrawn(version)
                if withdrawn:
                    changes.write_withdrawn(version, [w for w in withdrawn if tuple(w[k] for k in KEY) not in keys])
                changes.load(con, version)

        folder = importer.imports_dir(db)
        out = importer.run(change["table"], change["name"], folder / change["file"], db, progress=progress,
                           user=change.get("logged_as") or change["entered_by"], wait=wait,
                           capture=lambda con: rows.extend(_rows_of(con, change["table"])), on_switch=write)
        result.outcome, result.problems = out, list(out.problems)
    if result.problems:
        result.change = None
    elif rebuild_public:
        rebuild(db, result)
    result.seconds = time.perf_counter() - t0
    return result


def rebuild(db: Path, result: Result | None = None) -> Path | None:
    """Rebuild the public warehouse beside `db` (when there is one) from data/ and the kept imports: published
    figures and real records only. Its own writer lock, and `db`'s while its kept imports are read."""
    from shegong.ingest.build import build

    target = public_warehouse(db)
    if not target.exists():
        return None
    t0 = time.perf_counter()
    build(target, config.DATA_DIR, None, imports=importer.imports_dir(db))
    if result is not None:
        result.public, result.public_seconds = target, time.perf_counter() - t0
    return target


def reject(change_id: str, db: Path | None = None, user: str = "", why: str = "", wait: bool = True) -> Result:
    db = _db(db)
    change = find(db, change_id)
    if not why.strip():
        raise ReviewError("a rejection needs a reason (--why TEXT)")
    if change["status"] != PENDING:
        raise ReviewError(f"change {change['id']} is already {change['status']} (by {change['decided_by']})")
    if not same_person(user, change["entered_by"]):  # the one who entered it may always take it back
        refused = may_approve(user, change)
        if refused:
            raise ReviewError(refused)
    result = Result()

    def write(version: Path) -> None:
        result.change = _decided(version, change["id"], REJECTED, user, why)

    importer.review_only(db, write, wait)
    return result


LOG_COLUMNS = ["time", "user", "action", "change", "what", "why"]


def describe(change: dict, names: dict | None = None, labels: dict | None = None) -> str:
    """One line saying what a change does: 河南省 stations_built 2021-12 (S001): 515 → 520 (with `names` of regions
    and `labels` of indicators: 河南省 社工站数量 …)."""
    names, labels = names or {}, labels or {}
    if change["table"] != "figures":
        return f"{change['table']}: {change.get('summary', '')} ({change['name']})"
    parts = []
    for r in change["rows"][:3]:
        place = names.get(r["region_code"], r["region_code"])
        old, new = r.get("old_value"), r.get("new_value")
        value = f"{_num(old)} → {_num(new)}" if old and new else (f"{_num(old)} → 撤回" if old else _num(new))
        parts.append(f"{place} {labels.get(r['indicator'], r['indicator'])} {r['as_of']} ({r['source_id']}): {value}")
    more = len(change["rows"]) - 3
    return "; ".join(parts) + (f"; … +{more}" if more > 0 else "")


def _num(v) -> str:
    if v in (None, ""):
        return ""
    f = float(v)
    return f"{int(f):,}" if f == int(f) else f"{f:,}"


def log(db: Path | None = None, names: dict | None = None, labels: dict | None = None) -> pd.DataFrame:
    """Who entered, approved, rejected, corrected or withdrew what, when and why (oldest first)."""
    rows = []
    for c in state(db)["changes"]:
        what = describe(c, names, labels)
        entered = {"import": "entered", "correct": "entered correction", "withdraw": "entered withdrawal"}[c["kind"]]
        rows.append([c["entered_at"], c["entered_by"], entered, c["id"], what, c.get("why", "")])
        if c["status"] != PENDING:
            rows.append([c["decided_at"], c["decided_by"], c["status"], c["id"], what, c.get("decision_why", "")])
    return pd.DataFrame(rows, columns=LOG_COLUMNS).sort_values("time", kind="stable").reset_index(drop=True)
