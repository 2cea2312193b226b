"""Recognising a full disk behind the different ways the operating system and SQLite report it.

SQLite reports ``SQLITE_FULL`` only for ENOSPC; a quota (EDQUOT) or a file-size limit (EFBIG)
arrives as a generic "disk I/O error". For those we look at the storage itself before calling it
a full disk, so a failing drive is not mistaken for one.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

from isu.errors import DiskFull, EnvironmentProblem

SQLITE_IOERR = 10
SQLITE_FULL = 13
_FULL_ERRNOS = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}
# Below this much free space a failed write is almost surely a full disk.
LOW_FREE_BYTES = 16 * 1024 * 1024
# A write fails this close under the process's file-size limit: the limit is the cause.
SIZE_LIMIT_MARGIN = 1024 * 1024


def disk_full(path: Path | None = None) -> DiskFull:
    where = f" ({path.parent})" if path is not None else ""
    return DiskFull(
        f"Disken är full{where}; det senaste kunde inte sparas. Allt som sparats tidigare finns"
        " kvar.",
        f"The disk is full{where}; the last change could not be saved. Everything saved before"
        " is still there.",
        hint_sv="Frigör utrymme och försök igen.",
        hint_en="Free some space and try again.",
    )


def write_failed(path: Path) -> EnvironmentProblem:
    return EnvironmentProblem(
        f"Det gick inte att skriva till disken där {path.name} ligger. Allt som sparats tidigare"
        " finns kvar.",
        f"Writing to the disk that holds {path.name} failed. Everything saved before is still"
        " there.",
        hint_sv="Kontrollera lagringsmediet (USB-minne, nätverksenhet) och försök igen.",
        hint_en="Check the storage (USB stick, network drive) and try again.",
    )


def disk_problem(exc: BaseException, path: Path) -> EnvironmentProblem | None:
    """A specific error for a full disk or a failed write, or None if ``exc`` is neither."""
    if isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS:
        return disk_full(path)
    code = getattr(exc, "sqlite_errorcode", None)
    text = str(exc).lower()
    if (code is not None and code & 0xFF == SQLITE_FULL) or "database or disk is full" in text:
        return disk_full(path)
    if (code is not None and code & 0xFF == SQLITE_IOERR) or "disk i/o error" in text:
        return disk_full(path) if storage_exhausted(path) else write_failed(path)
    return None


def storage_exhausted(path: Path) -> bool:
    """True when the folder is (nearly) out of space or the database has reached the
    process's file-size limit."""
    folder = path.parent if path.parent.exists() else Path.cwd()
    try:
        if shutil.disk_usage(folder).free < LOW_FREE_BYTES:
            return True
    except OSError:
        pass
    return _near_size_limit(path)


def _near_size_limit(path: Path) -> bool:
    try:
        import resource
    except ImportError:  # Windows has no per-process file-size limit
        return False
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    if limit == resource.RLIM_INFINITY:
        return False
    sizes = [_size(Path(f"{path}{suffix}")) for suffix in ("", "-wal", "-journal")]
    return max(sizes) + SIZE_LIMIT_MARGIN >= limit


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0
