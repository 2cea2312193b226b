"""Retention (gallring) and erasure: cases leave the database completely, and their pages too.

Deleting rows is not enough for a file that may be copied later: SQLite keeps freed pages (and
the WAL keeps old page images) until they are reused. ``secure_delete`` zeroes freed content;
``VACUUM`` then rebuilds the file without free pages and a TRUNCATE checkpoint empties the WAL,
so nothing of an erased case can be decrypted from the file afterwards, even with the key.
Backups made earlier still hold the case until they are rotated out.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy.exc
import sqlcipher3
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from isu.db.connect import translate_open_error
from isu.db.errors import disk_problem
from isu.db.models import AnswerRecord, CaseRecord
from isu.domain.model import CaseStatus
from isu.domain.roles import Permission
from isu.errors import NotFound, UserError
from isu.services import audit, settings
from isu.services.changes import AUDIT, Changes, Count, for_cases
from isu.services.workspace import Workspace

_DELETE_BATCH = 500


@dataclass(frozen=True)
class RetentionCandidate:
    case_id: int
    case_number: str
    closure_date: dt.date
    due_date: dt.date  # closure date + retention years


@dataclass(frozen=True)
class ErasureResult:
    erased: int
    wal_emptied: bool  # False only if another program kept reading throughout
    case_ids: tuple[int, ...] = ()

    @property
    def changes(self) -> Changes:
        return for_cases(*self.case_ids)


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a year without one
        return day.replace(year=day.year + years, day=28)


# -- retention --------------------------------------------------------------------------------
def preview_retention(ws: Workspace, today: dt.date | None = None) -> list[RetentionCandidate]:
    """Closed cases whose retention time has run out, oldest closure first."""
    ws.require(Permission.MAINTAIN)
    with ws.db.reading() as session:
        return _due(session, today or dt.date.today())


def apply_retention(ws: Workspace, today: dt.date | None = None) -> Count:
    """Delete every case ``preview_retention`` lists; the audit log records only the count."""
    ws.require(Permission.MAINTAIN)
    with ws.db.unit_of_work() as session:
        years = _retention_years(session)
        due = _due(session, today or dt.date.today())
        _delete_cases(session, [c.case_id for c in due])
        audit.append(
            session, ws.user.username, "retention_applied", "", {"count": len(due), "years": years}
        )
    if due:
        compact_database(ws)
    return Count(len(due), for_cases(*(c.case_id for c in due)) if due else AUDIT)


def _retention_years(session: Session) -> int | None:
    years = settings.load(session).retention_years
    if years is not None and (isinstance(years, bool) or not isinstance(years, int) or years < 1):
        raise UserError(
            "Gallringstiden ska vara ett helt antal år, minst 1.",
            "The retention time must be a whole number of years, at least 1.",
        )
    return years


def _due(session: Session, today: dt.date) -> list[RetentionCandidate]:
    years = _retention_years(session)
    if years is None:
        return []
    rows = session.execute(
        select(CaseRecord.id, CaseRecord.case_number, CaseRecord.closure_date)
        .where(
            CaseRecord.status == CaseStatus.CLOSED.value,
            CaseRecord.closure_date.is_not(None),
            CaseRecord.closure_date <= today.isoformat(),
        )
        .order_by(CaseRecord.closure_date, CaseRecord.id)
    ).all()
    due = []
    for case_id, number, closed in rows:
        with contextlib.suppress(ValueError):  # a malformed date is never silently deleted
            closure = dt.date.fromisoformat(closed)
            if (expires := add_years(closure, years)) <= today:
                due.append(RetentionCandidate(case_id, number, closure, expires))
    return due


# -- erasure ----------------------------------------------------------------------------------
def erase_case(ws: Workspace, case_id: int) -> ErasureResult:
    """Delete one case completely (answers and repeat rows with it). The audit log records
    that an erasure happened, nothing identifying; earlier entries about the case name only
    its internal id and stay, so the chain holds."""
    ws.require(Permission.MAINTAIN)
    with ws.db.unit_of_work() as session:
        if session.get(CaseRecord, case_id) is None:
            raise NotFound(
                f"Ärendet finns inte (id {case_id}).", f"The case does not exist (id {case_id})."
            )
        _delete_cases(session, [case_id])
        audit.append(session, ws.user.username, "case_erased")
    return ErasureResult(1, compact_database(ws), (case_id,))


def _delete_cases(session: Session, case_ids: Sequence[int]) -> None:
    for start in range(0, len(case_ids), _DELETE_BATCH):
        batch = list(case_ids[start : start + _DELETE_BATCH])
        session.execute(delete(AnswerRecord).where(AnswerRecord.case_id.in_(batch)))
        session.execute(delete(CaseRecord).where(CaseRecord.id.in_(batch)))


def compact_database(ws: Workspace) -> bool:
    """VACUUM, then fold the WAL into the file and truncate it. Returns True when the WAL is
    empty afterwards (a reader in another program can hold old pages in it a while longer).
    On a server there is no file of ours to compact: autovacuum reclaims the rows' space (see
    server-guide.md for what IT must provide at rest)."""
    if ws.is_server:
        return True
    try:
        raw = ws.db.engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("VACUUM")
            busy = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            cursor.close()
        finally:
            raw.close()
    except (sqlalchemy.exc.DBAPIError, sqlcipher3.dbapi2.Error) as exc:
        orig = getattr(exc, "orig", None) or exc
        raise disk_problem(orig, ws.path) or translate_open_error(orig, ws.path) from exc
    return busy == 0


# -- what an erasure removes (shown before asking for confirmation) ---------------------------
@dataclass(frozen=True)
class ErasurePreview:
    case_id: int
    case_number: str
    answers: int  # stored answer rows, repeat items included


def preview_erasure(ws: Workspace, case_id: int) -> ErasurePreview:
    ws.require(Permission.MAINTAIN)
    with ws.db.reading() as session:
        case = session.get(CaseRecord, case_id)
        if case is None:
            raise NotFound(
                f"Ärendet finns inte (id {case_id}).", f"The case does not exist (id {case_id})."
            )
        count = session.execute(
            select(sqlalchemy.func.count())
            .select_from(AnswerRecord)
            .where(AnswerRecord.case_id == case_id)
        ).scalar_one()
        return ErasurePreview(case_id, case.case_number, count)
