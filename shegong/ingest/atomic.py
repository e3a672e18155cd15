"""The one way the warehouse is written, by build and import alike: one writer at a time, a new file beside the
old one, checked, then renamed over it.

A reader never sees a half-written warehouse (os.replace is atomic; open connections keep the old file), a failed
or killed writer leaves the previous warehouse exactly as it was, and the next writer removes what a killed one
left behind. The new file gets the old file's permissions (a temporary file is born 0600, which a dashboard
running as another user could not read).
"""
from __future__ import annotations

import fcntl
import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

DEFAULT_MODE = 0o644


def lock_path(target: Path) -> Path:
    return Path(target).with_name(Path(target).name + ".lock")


@contextmanager
def writer_lock(target: Path, wait: bool = True) -> Iterator[None]:
    """Hold the warehouse's writer lock; a second writer waits (saying so on stderr) or, with wait=False, raises
    BlockingIOError."""
    path = lock_path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise
            print(f"{target}: another build or import is writing; waiting for it to finish", file=sys.stderr)
            fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def leftovers(target: Path) -> list[Path]:
    """Temporary files of writers that were killed (only safe to remove while holding the writer lock)."""
    target = Path(target)
    return sorted(p for p in target.parent.glob(f"{target.name}.*.tmp*") if p.is_file())


class Replacement:
    """A temporary file beside `target` for the new warehouse; commit() renames it over the target."""

    def __init__(self, target: Path, path: Path):
        self.target, self.path = target, path
        self.committed = False

    def commit(self) -> None:
        try:
            mode = self.target.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = DEFAULT_MODE
        os.chmod(self.path, mode)
        with open(self.path, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(self.path, self.target)
        dir_fd = os.open(self.target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
        self.committed = True


@contextmanager
def replacing(target: Path, copy: bool = False) -> Iterator[Replacement]:
    """Under the writer lock, a Replacement for `target`: a copy of it when `copy` (an import changes a few rows),
    else a path where DuckDB creates a new file (a build). Whatever is not committed is removed on the way out."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with writer_lock(target):
        for old in leftovers(target):
            old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
        os.close(fd)
        tmp = Path(tmp)
        if copy:
            shutil.copyfile(target, tmp)
        else:
            tmp.unlink()  # DuckDB wants to create the file itself
        job = Replacement(target, tmp)
        try:
            yield job
        finally:
            for leftover in (tmp, Path(str(tmp) + ".wal")):
                leftover.unlink(missing_ok=True)
