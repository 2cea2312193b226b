"""Who may open or change a case, and the one answer for a refused or missing case.

Every case operation in ``cases`` opens its case through ``open_case`` inside ``guarded``:
a refusal is audited with its reason and the user gets ``unavailable()``, never the reason."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy.orm import Session

from isu.db.models import CaseRecord
from isu.domain.roles import Role
from isu.errors import NotFound
from isu.services import audit, settings
from isu.services.workspace import Workspace


class CaseUnavailable(NotFound):
    """One answer for a case that does not exist and a case the user may not open: case
    numbers are free text, so a different answer would tell which numbers are in use."""


def unavailable(case_number: str | None = None) -> CaseUnavailable:
    if case_number is None:
        return CaseUnavailable(
            "Ärendet finns inte, eller så har du inte behörighet till det.",
            "The case does not exist, or you do not have access to it.",
        )
    return CaseUnavailable(
        f"Ärendet {case_number} finns inte, eller så har du inte behörighet till det.",
        f"Case {case_number} does not exist, or you do not have access to it.",
    )


class _Denied(Exception):
    """Internal: the case was refused (reason for the audit log only, never the user)."""

    def __init__(self, target: str, reason: str):
        super().__init__(reason)
        self.target, self.reason = target, reason


def allowed(ws: Workspace, session: Session, case: CaseRecord, *, write: bool) -> bool:
    """Admins open any case; coordinators their own (or all, if the database shares access);
    unit heads read case details only if the database allows it, and never change them."""
    role = ws.user.role
    current = settings.load(session)
    if role is Role.ADMIN:
        return True
    if role is Role.COORDINATOR and (case.coordinator_id == ws.user.id or current.shared_access):
        return True
    return role is Role.UNIT_HEAD and not write and current.unit_head_reads_cases


def open_case(ws: Workspace, session: Session, case_id: int, *, write: bool) -> CaseRecord:
    case = session.get(CaseRecord, case_id)
    if case is None:
        raise _Denied(f"case:{case_id}", "not_found")
    if not allowed(ws, session, case, write=write):
        raise _Denied(f"case:{case_id}", "no_access")
    if write:
        # A change locks the case row and reads it again (SELECT … FOR UPDATE on a server; a
        # file's writer already holds the write lock): two workstations saving one case take
        # turns, and the second sees the first's revision instead of both passing the check.
        session.refresh(case, with_for_update=True)
    return case


@contextlib.contextmanager
def guarded(ws: Workspace, what: str, case_id: int) -> Iterator[None]:
    """Refusals become ``case_<what>_refused`` entries and the one shared answer; other
    failures ``case_<what>_failed`` entries. Both are written after the unit of work ended."""
    try:
        with audit.attempt(ws, f"case_{what}", f"case:{case_id}"):
            yield
    except _Denied as denied:
        audit.refused(ws, f"case_{what}", denied.target, {"reason": denied.reason})
        raise unavailable() from None
