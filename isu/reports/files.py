"""Where the writers put their files: all or nothing, owner-only, and a failed write told
to the user as something they can act on."""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from isu.errors import DiskFull, EnvironmentProblem, IsuError, UserError, os_error_text
from isu.fileio import atomic_writer


def output_error(exc: OSError, path: Path) -> IsuError:
    """Turn a failed write into a message the user can act on."""
    if exc.errno == errno.ENOSPC:
        return DiskFull(
            f"Disken är full; {path} kunde inte skrivas.", f"The disk is full; {path} not written."
        )
    if isinstance(
        exc, FileNotFoundError | NotADirectoryError | IsADirectoryError | PermissionError
    ):
        return UserError(
            f"Kan inte skriva {path}: {os_error_text(exc, 'sv')}.",
            f"Cannot write {path}: {os_error_text(exc, 'en')}.",
            hint_sv="Välj en annan plats, eller stäng filen om den är öppen i ett annat program.",
            hint_en="Choose another location, or close the file if another program has it open.",
        )
    return EnvironmentProblem(
        f"Kunde inte skriva {path}: {os_error_text(exc, 'sv')}.",
        f"Could not write {path}: {os_error_text(exc, 'en')}.",
    )


@contextlib.contextmanager
def output_file(path: Path) -> Iterator[BinaryIO]:
    """A binary stream that becomes ``path`` when the block ends (``isu.fileio.atomic_writer``:
    owner-only, flushed to the disk, renamed into place); a failure leaves any old file whole
    and raises ``output_error``'s message instead of the OSError."""
    try:
        with atomic_writer(path) as stream:
            yield stream
    except OSError as exc:
        raise output_error(exc, path) from exc
