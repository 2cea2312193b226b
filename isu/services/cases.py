"""Registering, saving, listing, closing and reopening one case at a time.

Who may open a case: ``case_access``; how its answers are stored: ``case_store``; many cases
at once: ``case_bulk`` and ``case_import``. Each change returns a ``SaveResult`` whose
``changes`` says which case changed (``isu.services.changes``)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator, Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from isu.db.models import CaseRecord, UserRecord
from isu.domain.answers import Answer
from isu.domain.form import FormSpec
from isu.domain.model import CaseDetail, CasePage, CaseQuery, CaseRow, CaseStatus
from isu.domain.roles import Permission
from isu.errors import NotFound, UserError
from isu.services import audit, forms, settings
from isu.services.case_access import allowed, guarded, open_case, unavailable
from isu.services.case_store import (
    Answers,
    Repeats,
    SaveResult,
    check_case_number,
    claim,
    defaults_from_settings,
    load_answers,
    new_case_record,
    store_answers,
    with_case_number,
)
from isu.services.workspace import Workspace

SORT_COLUMNS = {
    "case_number": CaseRecord.case_number,
    "status": CaseRecord.status,
    "start_date": CaseRecord.start_date,
    "closure_date": CaseRecord.closure_date,
    "coordinator": UserRecord.display_name,
    "phases_complete": CaseRecord.phases_complete,
    "warnings": CaseRecord.warnings,
    "updated_at": CaseRecord.updated_at,
}


# -- finding ---------------------------------------------------------------------------------
def case_id_by_number(ws: Workspace, case_number: str, what: str = "open") -> int:
    """The id of a case the user may open for ``what`` (``show`` reads; ``set``, ``close``,
    ``reopen``, ``erase`` change). A missing case and a refused one get the same answer;
    both are audited, a missing number only as a keyed hash."""
    write = what not in ("open", "show", "read")
    with ws.db.reading() as session:
        case = session.execute(
            select(CaseRecord).where(CaseRecord.case_number == case_number.strip())
        ).scalar_one_or_none()
        if case is not None and allowed(ws, session, case, write=write):
            return case.id
        if case is None:
            target, reason = audit.case_ref(session, case_number, ws._data_key), "not_found"
        else:
            target, reason = f"case:{case.id}", "no_access"
    audit.refused(ws, f"case_{what}", target, {"reason": reason})
    raise unavailable(case_number)


# -- numbering ----------------------------------------------------------------------------------
def suggest_case_number(ws: Workspace, today: dt.date | None = None) -> str:
    year = (today or dt.date.today()).year
    with ws.db.reading() as session:
        return next_case_numbers(session, year, 1)[0]


def next_case_numbers(
    session: Session, year: int, count: int, taken: Sequence[str] = ()
) -> list[str]:
    """``count`` numbers ``YEAR-NNNN`` after the highest in use, in the database or in
    ``taken`` (numbers a batch brings along)."""
    prefix = f"{year}-"
    numbers = session.execute(
        select(CaseRecord.case_number).where(CaseRecord.case_number.like(f"{prefix}%"))
    ).scalars()
    highest = max(
        (
            int(n[len(prefix) :])
            for n in (*numbers, *taken)
            if n.startswith(prefix) and n[len(prefix) :].isdigit()
        ),
        default=0,
    )
    return [f"{year}-{highest + i:04d}" for i in range(1, count + 1)]


# -- registration ---------------------------------------------------------------------------
def register_case(
    ws: Workspace,
    case_number: str,
    *,
    form_id: str = "sig",
    form_version: int | None = None,
    coordinator_id: int | None = None,
    answers: Answers | None = None,
    repeats: Repeats | None = None,
    today: dt.date | None = None,
) -> SaveResult:
    ws.require(Permission.REGISTER_CASES, "case_create")
    if coordinator_id is not None and coordinator_id != ws.user.id:
        ws.require(Permission.MANAGE_USERS, "case_assign")  # outside the write lock: audited
    case_number = check_case_number(case_number)
    with audit.attempt(ws, "case_create"), ws.db.unit_of_work() as session:
        spec = forms.form_spec(session, form_id, form_version)
        if session.execute(
            select(CaseRecord.id).where(CaseRecord.case_number == case_number)
        ).first():
            raise UserError(
                f"Ärendenumret {case_number} finns redan.",
                f"The case number {case_number} already exists.",
            )
        case = new_case_record(
            session,
            spec,
            case_number,
            _coordinator_for(ws, session, coordinator_id),
            creator=ws.user.id,
        )
        all_answers = with_case_number(spec, answers or {}, case_number)
        defaults_from_settings(session, spec, all_answers)
        result = store_answers(session, spec, case, all_answers, repeats or {}, today)
        audit.append(
            session,
            ws.user.username,
            "case_created",
            f"case:{case.id}",
            {"form": spec.id, "version": spec.version},
        )
        return result


def _coordinator_for(ws: Workspace, session: Session, coordinator_id: int | None) -> int:
    if coordinator_id is None or coordinator_id == ws.user.id:
        return ws.user.id
    ws.require(Permission.MANAGE_USERS)
    if session.get(UserRecord, coordinator_id) is None:
        raise NotFound("Samordnaren finns inte.", "The coordinator does not exist.")
    return coordinator_id


# -- saving -----------------------------------------------------------------------------------
@contextlib.contextmanager
def _changing(
    ws: Workspace, what: str, case_id: int, expected_revision: int | None
) -> Iterator[tuple[Session, CaseRecord, FormSpec]]:
    """The one way into a change of a stored case: access checked and audited as
    ``case_<what>``, the row locked and its revision claimed, then its form."""
    with guarded(ws, what, case_id), ws.db.unit_of_work() as session:
        case = open_case(ws, session, case_id, write=True)
        claim(ws, session, case, expected_revision)
        yield session, case, forms.form_spec(session, case.form_id, case.form_version)


def save_case(
    ws: Workspace,
    case_id: int,
    answers: Answers,
    repeats: Repeats,
    *,
    expected_revision: int | None = None,
    today: dt.date | None = None,
) -> SaveResult:
    """Replace the case's answers. Warnings never block a save; they mark it incomplete."""
    with _changing(ws, "save", case_id, expected_revision) as (session, case, spec):
        all_answers = with_case_number(spec, answers, case.case_number)
        result = store_answers(session, spec, case, all_answers, repeats, today)
        audit.append(
            session,
            ws.user.username,
            "case_saved",
            f"case:{case.id}",
            {"revision": result.revision},
        )
        return result


def get_case(ws: Workspace, case_id: int) -> CaseDetail:
    """One case with its answers. The read is audited; on a read-only medium or a full disk
    the entry is queued (``audit.note``) and the case is shown all the same."""
    with guarded(ws, "read", case_id), ws.db.reading() as session:
        case = open_case(ws, session, case_id, write=False)
        spec = forms.form_spec(session, case.form_id, case.form_version)
        answers, repeats = load_answers(session, spec, case.id)
        coordinator = session.get(UserRecord, case.coordinator_id)
        detail = CaseDetail(
            case.id,
            case.case_number,
            CaseStatus(case.status),
            case.form_id,
            case.form_version,
            case.coordinator_id,
            coordinator.display_name if coordinator else "",
            answers,
            repeats,
            case.revision,
            case.updated_at,
            case.warnings,
            tuple(case.phases_complete.split()),
        )
    audit.note(ws, "case_read", f"case:{case_id}")
    return detail


def list_cases(ws: Workspace, query: CaseQuery | None = None) -> CasePage:
    query = query or CaseQuery()
    with ws.db.reading() as session:
        conditions = _list_conditions(ws, session, query)
        base = select(CaseRecord.id).join(UserRecord, UserRecord.id == CaseRecord.coordinator_id)
        total = session.execute(
            select(func.count()).select_from(base.where(*conditions).subquery())
        ).scalar_one()
        column = SORT_COLUMNS.get(query.sort, CaseRecord.updated_at)
        order = column.desc() if query.descending else column.asc()
        tiebreak = CaseRecord.id.desc() if query.descending else CaseRecord.id.asc()
        columns = (
            CaseRecord.id,
            CaseRecord.case_number,
            CaseRecord.status,
            CaseRecord.start_date,
            CaseRecord.closure_date,
            UserRecord.display_name,
            CaseRecord.phases_complete,
            CaseRecord.warnings,
            CaseRecord.updated_at,
            CaseRecord.form_id,
            CaseRecord.form_version,
        )
        on_server = session.get_bind().dialect.name == "postgresql"
        if on_server and query.sort != "coordinator":
            from isu.services.case_list_server import prefer_index_order

            prefer_index_order(session)
        if on_server and query.sort == "coordinator":
            from isu.services.case_list_server import by_coordinator

            statement = by_coordinator(columns, conditions, query)
        else:
            statement = (
                select(*columns)
                .join(UserRecord, UserRecord.id == CaseRecord.coordinator_id)
                .where(*conditions)
                .order_by(order.nulls_last(), tiebreak)
                .offset(query.offset)
                .limit(query.limit)
            )
        rows = session.execute(statement).all()
    return CasePage(
        tuple(
            CaseRow(
                r[0],
                r[1],
                CaseStatus(r[2]),
                r[3],
                r[4],
                r[5] or "",
                tuple((r[6] or "").split()),
                r[7],
                r[8],
                r[9],
                r[10],
            )
            for r in rows
        ),
        total,
    )


def _list_conditions(ws: Workspace, session: Session, query: CaseQuery) -> list:
    conditions = []
    sees_all = ws.can(Permission.READ_ALL_CASES) or settings.load(session).shared_access
    if not sees_all:
        conditions.append(CaseRecord.coordinator_id == ws.user.id)
    if query.search.strip():
        conditions.append(
            CaseRecord.case_number.like(f"%{_escape_like(query.search.strip())}%", escape="\\")
        )
    if query.status is not None:
        conditions.append(CaseRecord.status == query.status.value)
    if query.coordinator_id is not None:
        conditions.append(CaseRecord.coordinator_id == query.coordinator_id)
    if query.period_to is not None:
        conditions.append(CaseRecord.start_date <= query.period_to.isoformat())
    if query.period_from is not None:
        conditions.append(
            or_(
                CaseRecord.closure_date.is_(None),
                CaseRecord.closure_date >= query.period_from.isoformat(),
            )
        )
    return conditions


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# -- closing and reopening --------------------------------------------------------------------
def close_case(
    ws: Workspace,
    case_id: int,
    closure_date: dt.date,
    reason: str,
    *,
    expected_revision: int | None = None,
    today: dt.date | None = None,
) -> SaveResult:
    """Set closure date and reason (both required) and mark the case closed."""
    with _changing(ws, "close", case_id, expected_revision) as (session, case, spec):
        date_q, reason_q = spec.by_role("closure_date"), spec.by_role("closure_reason")
        if date_q is None or reason_q is None:
            raise UserError(
                "Formuläret saknar frågor för avslutsdatum och avslutsorsak.",
                "The form has no questions for closure date and closure reason.",
            )
        if reason not in reason_q.choice_codes:
            raise UserError(f"Okänd avslutsorsak: {reason}", f"Unknown closure reason: {reason}")
        check_closure_date(case.start_date, closure_date)
        answers, repeats = load_answers(session, spec, case.id)
        answers[date_q.code] = Answer(closure_date)
        answers[reason_q.code] = Answer(reason)
        result = store_answers(session, spec, case, answers, repeats, today)
        case.status = CaseStatus.CLOSED.value
        audit.append(
            session, ws.user.username, "case_closed", f"case:{case.id}", {"reason": reason}
        )
        return result


def check_closure_date(start_date: str | dt.date | None, closure_date: dt.date) -> None:
    start = start_date.isoformat() if isinstance(start_date, dt.date) else start_date
    if start and closure_date.isoformat() < start:
        raise UserError(
            "Avslutsdatum kan inte vara före startdatum.",
            "The closure date cannot be before the start date.",
        )


def reopen_case(
    ws: Workspace,
    case_id: int,
    *,
    expected_revision: int | None = None,
    today: dt.date | None = None,
) -> SaveResult:
    """Back to ongoing; the closure date and reason are cleared, other answers kept."""
    with _changing(ws, "reopen", case_id, expected_revision) as (session, case, spec):
        if case.status != CaseStatus.CLOSED.value:
            raise UserError("Ärendet är inte avslutat.", "The case is not closed.")
        answers, repeats = load_answers(session, spec, case.id)
        for role in ("closure_date", "closure_reason"):
            question = spec.by_role(role)
            if question is not None:
                answers.pop(question.code, None)
        result = store_answers(session, spec, case, answers, repeats, today)
        case.status = CaseStatus.ONGOING.value
        audit.append(session, ws.user.username, "case_reopened", f"case:{case.id}")
        return result


def count_cases(ws: Workspace) -> int:
    with ws.db.reading() as session:
        return session.execute(select(func.count(CaseRecord.id))).scalar_one()


__all__ = [
    "close_case",
    "get_case",
    "list_cases",
    "register_case",
    "reopen_case",
    "save_case",
    "suggest_case_number",
]
