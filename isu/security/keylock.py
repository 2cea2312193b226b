"""One writer of a key file at a time, across threads and programs.

Every change of a key file (a failed log-in, a new user, a rotation) reads it, changes it and
writes it back; two programs doing so at once would lose one change. The lock is held across
the whole read-change-write, and across a user change's pending slot, database commit and
promotion, so a clean-up at log-in never mistakes another program's change in progress for
the leftovers of a crash.

On POSIX the lock is an ``flock`` on the database's folder (no extra file appears beside the
database, and the lock goes away with the program however it ends); on Windows it is a byte
lock on ``<db>.keys.lock``. Where the folder cannot be opened at all the program goes on
without the lock: nothing can be written there anyway.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

_PROCESS = threading.RLock()
_depth = 0


def _acquire(slot_path: Path) -> int | None:
    try:
        if os.name == "nt":  # pragma: no cover - exercised on Windows only
            import msvcrt

            fd = os.open(f"{slot_path}.lock", os.O_RDWR | os.O_CREAT, 0o600)
            msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
            return fd
        import fcntl

        fd = os.open(slot_path.parent if str(slot_path.parent) else ".", os.O_RDONLY)
        fcntl.flock(fd, fcntl.LOCK_EX)
        return fd
    except OSError:
        return None


@contextlib.contextmanager
def key_file_lock(slot_path: str | os.PathLike) -> Iterator[None]:
    """Hold the key-file lock (re-entrant within this program)."""
    global _depth
    with _PROCESS:
        fd = _acquire(Path(slot_path)) if _depth == 0 else None
        _depth += 1
        try:
            yield
        finally:
            _depth -= 1
            if fd is not None:
                os.close(fd)  # closing releases the flock / byte lock
