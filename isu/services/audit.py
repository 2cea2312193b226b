"""The append-only, hash-chained audit log.

Besides what succeeds, every refused and failed action is logged (``<action>_refused``,
``<action>_failed``): who, what, and which case by its internal id, or by a keyed hash of a
case number that does not exist; never free text. An entry that cannot be written now (a
read-only medium, a full disk) is queued encrypted in the user's data folder and written at
the next writable open (``isu.services.pending_audit``). The chain's head is anchored outside
the database (``isu.services.anchor``) so a cut or rewritten log shows. The chain itself
(hashing, appending, checking) is ``isu.services.audit_chain``; its names are offered here too.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

from isu.errors import EnvironmentProblem, IsuError, PermissionDenied
from isu.services import pending_audit
from isu.services.audit_chain import (
    GENESIS,
    append,
    case_ref,
    entries,
    first_broken_entry,
)

log = logging.getLogger(__name__)

__all__ = [
    "GENESIS",
    "append",
    "attempt",
    "case_ref",
    "entries",
    "first_broken_entry",
    "note",
    "refused",
]


# -- entries outside a unit of work: refusals, failures, reads -----------------------------------
def note(ws, action: str, target: str = "", detail: dict | None = None) -> bool:
    """Write one entry in a unit of work of its own. When the database cannot take it (open
    read-only, disk full, locked) the entry is queued instead; returns True if written now.
    Never call this while the same program holds a write unit of work open."""
    if not ws.db.read_only:
        try:
            with ws.db.unit_of_work() as session:
                append(session, ws.user.username, action, target, detail)
            return True
        except EnvironmentProblem as exc:
            log.warning("audit entry %s queued: %s", action, type(exc).__name__)
    pending_audit.queue(ws, action, target, detail)
    return False


def refused(ws, what: str, target: str = "", detail: dict | None = None) -> None:
    """Record a refusal; never raises, so the refusal the user sees stays the real one."""
    try:
        note(ws, f"{what}_refused", target, {"role": ws.user.role.value, **(detail or {})})
    except Exception:  # the refusal itself must reach the user
        log.exception("could not record a refusal")


@contextlib.contextmanager
def attempt(ws, what: str, target: str = "") -> Iterator[None]:
    """Around a use case: a failure (other than a refusal, logged where it is decided) is
    logged as ``<what>_failed`` with the kind of error, then raised unchanged."""
    try:
        yield
    except PermissionDenied:
        raise
    except IsuError as exc:
        with contextlib.suppress(Exception):
            note(ws, f"{what}_failed", target, {"error": type(exc).__name__})
        raise
