"""Private files and folders, and the one atomic write.

Everything the program writes can hold personal data or keys, so on POSIX every file it
creates is 0600 (owner only) and every folder of its own 0700. Three layers make that hold:

1. ``private_umask()``: the ``isu`` command and the desktop app run with umask 077, so even
   files that libraries (SQLite, ReportLab, openpyxl) create themselves are owner-only.
2. The writers here create files 0600 explicitly, whatever the umask, for code that runs
   outside the command (tests, the library used from Python).
3. ``make_private()`` narrows files that already exist (a database made by an older version)
   when they are opened; it only ever removes group and other bits, so a read-only file stays
   read-only.

On Windows the modes are ignored; the program relies on the user profile folders being
private by default (see the user guides, "Filer och behörigheter" / "Files and permissions").
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
PRIVATE_UMASK = 0o077
POSIX = os.name == "posix"


@contextlib.contextmanager
def private_umask() -> Iterator[None]:
    """Run the block with umask 077 (owner-only files and folders), then restore it."""
    if not POSIX:
        yield
        return
    previous = os.umask(PRIVATE_UMASK)
    try:
        yield
    finally:
        os.umask(previous)


def make_private(path: str | os.PathLike) -> None:
    """Remove group and other permissions from an existing file or folder we own. Silent
    when the file is missing or belongs to someone else (a shared read-only medium)."""
    if not POSIX:
        return
    with contextlib.suppress(OSError):
        mode = stat.S_IMODE(os.stat(path).st_mode)
        if mode & 0o077:
            os.chmod(path, mode & 0o700)


def private_dir(path: str | os.PathLike, *, own: bool = False) -> Path:
    """Create a folder and its missing parents owner-only. Folders that already exist are
    the user's and left alone, unless ``own`` says this one is the program's own (the data,
    log and backup folders), which is then narrowed to 0700 too."""
    path = Path(path)
    missing = [p for p in (path, *path.parents) if not p.exists()]
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    for created in missing:
        make_private(created)  # mkdir's mode is subject to the umask, chmod is not
    if own:
        make_private(path)
    return path


def ensure_private_file(path: str | os.PathLike) -> Path:
    """Create ``path`` empty and owner-only if it is missing, or narrow it if it exists, so
    that a library opening it for writing afterwards keeps the mode (truncating a file keeps
    its permissions)."""
    path = Path(path)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE)
    os.close(descriptor)
    make_private(path)
    return path


def private_opener(name: str, flags: int) -> int:
    """An ``opener=`` for ``open()``: new files are created 0600."""
    return os.open(name, flags, PRIVATE_FILE)


def create_private(path: str | os.PathLike) -> BinaryIO:
    """A new file, open for binary writing, owner-only; fails if it exists."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    return os.fdopen(descriptor, "wb")


def fsync_folder(folder: str | os.PathLike) -> None:
    """Make a rename in ``folder`` durable; folders cannot be opened this way on Windows."""
    if not POSIX:
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


@contextlib.contextmanager
def atomic_writer(target: str | os.PathLike) -> Iterator[BinaryIO]:
    """Write ``target`` all or nothing: into a private temporary file beside it, flushed to
    the disk, then renamed over it. A crash leaves the old file or the new one, never half of
    one, and no temporary file is left behind. OSError is passed on for the caller to explain.
    """
    import tempfile  # imported when used: isu --help needs none of it

    target = Path(target)
    handle, temp_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    try:
        if POSIX:
            os.fchmod(handle, PRIVATE_FILE)  # mkstemp's default, said out loud
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    fsync_folder(target.parent)


def atomic_write(target: str | os.PathLike, data: bytes) -> Path:
    """``data`` into ``target``, atomically and owner-only (see ``atomic_writer``)."""
    with atomic_writer(target) as stream:
        stream.write(data)
    return Path(target)
