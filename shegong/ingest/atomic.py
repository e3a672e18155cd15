"""The one way the warehouse is written, by build and import alike: one writer at a time, a new file beside the
old one, checked, then renamed over it; and the kept imports beside it, switched by one rename.

A reader never sees a half-written warehouse (os.replace is atomic; open connections keep the old file), a failed
or killed writer leaves the previous warehouse exactly as it was, and the next writer removes what a killed one
left behind. The new file gets the old file's permissions and, when running as root, its owner (a temporary file
is born 0600 and root's, which a dashboard running as another user could not read).

Kept imports (rows accepted by `python -m shegong import`, replayed by every build) live in versions:
`warehouse.imports/CURRENT` names the live folder (`warehouse.imports/v…/`). An import writes and syncs a whole new
version first, switches CURRENT by one rename (its commit point), then renames its warehouse copy over the
warehouse. The warehouse records the version it reflects (table kept_imports), so a writer killed between the two
renames leaves a warehouse that the next import or build brings up to date by replaying the kept version (replay is
an upsert by key, so replaying rows already there changes nothing).
"""
from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DEFAULT_MODE = 0o644
FAULT_ENV = "SHEGONG_FAULT"
CURRENT = "CURRENT"
VERSION_RE = re.compile(r"^v\d+$")
KEPT_FILES = ("stations.csv", "funding.csv", "services.csv", "figures.csv", "sources.csv", "import_log.csv",
              "withdrawn.csv", "review.json", "DATA")
DATA = "DATA"  # in a version: the version whose rows it carries (a review-only version carries its predecessor's)
NO_DATA = "none"  # ... or none at all (the review state came before any import)


class Busy(Exception):
    """Another build or import holds the writer lock (raised instead of waiting when asked not to wait)."""


def fault(step: str) -> None:
    """Test-only fault injection: SHEGONG_FAULT=<step> makes the process SIGKILL itself at that step boundary, so
    tests can check that a writer killed at any point leaves a consistent warehouse and kept imports;
    SHEGONG_FAULT=<step>:stop makes it SIGSTOP itself there instead (a writer paused while holding the lock). Steps:
    build:locked, build:loaded, build:checked, build:committed; import:locked, import:copied, import:upserted,
    import:kept-written, import:kept-switched, import:committed (also an approval's); review:written,
    review:switched (a change entered or rejected). Never set it in production."""
    wanted = os.environ.get(FAULT_ENV, "")
    if wanted == step:
        os.kill(os.getpid(), signal.SIGKILL)
    elif wanted == step + ":stop":
        os.kill(os.getpid(), signal.SIGSTOP)


def lock_path(target: Path) -> Path:
    return Path(target).with_name(Path(target).name + ".lock")


@contextmanager
def writer_lock(target: Path, wait: bool = True) -> Iterator[None]:
    """Hold the warehouse's writer lock; a second writer waits (saying so on stderr) or, with wait=False, raises
    Busy."""
    path = lock_path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise Busy(f"{target}: another build or import is writing it; try again when it has finished") \
                    from None
            print(f"{target}: another build or import is writing; waiting for it to finish", file=sys.stderr,
                  flush=True)
            fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def leftovers(target: Path) -> list[Path]:
    """Temporary files of writers that were killed, with their DuckDB WAL files (only safe to remove while holding
    the writer lock)."""
    target = Path(target)
    return sorted(p for p in target.parent.glob(f"{target.name}.*.tmp*") if p.is_file())


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _same_owner(path: Path, like: os.stat_result) -> None:
    """Give `path` the owner of `like` when running as root (only root may give files away)."""
    if os.geteuid() == 0 and (like.st_uid, like.st_gid) != (0, 0):
        os.chown(path, like.st_uid, like.st_gid)


class Replacement:
    """A temporary file beside `target` for the new warehouse; commit() renames it over the target."""

    def __init__(self, target: Path, path: Path):
        self.target, self.path = target, path
        self.committed = False

    def commit(self) -> None:
        try:
            old = self.target.stat()
        except FileNotFoundError:
            old = None
        os.chmod(self.path, old.st_mode & 0o7777 if old else DEFAULT_MODE)
        if old is not None:
            _same_owner(self.path, old)
        with open(self.path, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(self.path, self.target)
        _fsync_dir(self.target.parent)
        self.committed = True


@contextmanager
def replacing(target: Path, copy: bool = False, wait: bool = True, name: str = "build") -> Iterator[Replacement]:
    """Under the writer lock, a Replacement for `target`: a copy of it when `copy` (an import changes a few rows),
    else a path where DuckDB creates a new file (a build). Whatever is not committed is removed on the way out.
    `name` (build or import) names the fault-injection steps."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with writer_lock(target, wait):
        for old in leftovers(target):
            old.unlink(missing_ok=True)
        clean_kept(kept_folder(target))
        fault(f"{name}:locked")
        fd, tmp = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
        os.close(fd)
        tmp = Path(tmp)
        if copy:
            shutil.copyfile(target, tmp)
            fault(f"{name}:copied")
        else:
            tmp.unlink()  # DuckDB wants to create the file itself
        job = Replacement(target, tmp)
        try:
            yield job
        finally:
            for leftover in (tmp, Path(str(tmp) + ".wal")):
                leftover.unlink(missing_ok=True)


# ------------------------------------------------------------------------------------------ kept imports

def kept_folder(target: Path) -> Path:
    """Where accepted imports are kept for the next build: `warehouse.imports/` beside `warehouse.duckdb`."""
    target = Path(target)
    return target.with_name(target.stem + ".imports")


def kept_version(folder: Path) -> str:
    """The live version's name ('' for none, or for a folder of the flat layout written before versions)."""
    try:
        return (Path(folder) / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return ""


def kept_data_version(folder: Path) -> str:
    """The version whose kept rows are live: the live version itself, or, when the live version only changed the
    review state (a change entered or rejected), the one it copied its rows from. A warehouse reflecting this
    version needs no replay."""
    version = kept_version(folder)
    if not version:
        return ""
    try:
        data = (Path(folder) / version / DATA).read_text(encoding="utf-8").strip() or version
    except FileNotFoundError:
        return version
    return "" if data == NO_DATA else data


def kept_dir(folder: Path) -> Path:
    """The folder holding the live kept files."""
    version = kept_version(folder)
    return Path(folder) / version if version else Path(folder)


def clean_kept(folder: Path) -> None:
    """Remove versions that were never switched to or were replaced, and temporary files (under the writer lock)."""
    folder = Path(folder)
    if not folder.is_dir():
        return
    live = kept_version(folder)
    for p in folder.iterdir():
        if p.name in (CURRENT, live):
            continue
        if p.is_dir() and VERSION_RE.match(p.name):
            shutil.rmtree(p, ignore_errors=True)
        elif p.is_file() and (p.name.endswith(".tmp") or (live and p.name in KEPT_FILES)):
            p.unlink(missing_ok=True)  # flat files of the old layout live on in the versions


@contextmanager
def new_kept_version(folder: Path) -> Iterator[Path]:
    """A new version folder holding copies of the live kept files, for the caller to change; removed unless the
    caller switched to it with switch_kept()."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    live = kept_dir(folder)
    new = folder / f"v{time.time_ns()}"
    new.mkdir()
    try:
        for name in KEPT_FILES:
            if (live / name).is_file():
                shutil.copyfile(live / name, new / name)
        yield new
    finally:
        if kept_version(folder) != new.name:
            shutil.rmtree(new, ignore_errors=True)


def switch_kept(folder: Path, version: Path) -> None:
    """Sync every file of `version`, then make it the live version by one rename of CURRENT (the commit point).
    Call under the writer lock."""
    folder = Path(folder)
    like = folder.stat()
    for p in version.iterdir():
        os.chmod(p, DEFAULT_MODE)
        _same_owner(p, like)
        with open(p, "rb+") as f:
            os.fsync(f.fileno())
    _same_owner(version, like)
    _fsync_dir(version)
    fd, tmp = tempfile.mkstemp(prefix=CURRENT + ".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(version.name + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, DEFAULT_MODE)
        _same_owner(Path(tmp), like)
        os.replace(tmp, folder / CURRENT)
    finally:
        Path(tmp).unlink(missing_ok=True)
    _fsync_dir(folder)
    clean_kept(folder)  # the version replaced
