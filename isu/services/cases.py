"""Registering, saving, listing, closing and reopening cases."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence, Sized
from dataclasses import dataclass
from itertools import islice

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from isu.db.codec import answer_from_row, encode
from isu.db.models import AnswerRecord, CaseRecord, UserRecord, utcnow
from isu.domain.answers import Answer
from isu.domain.form import PHASES, FormSpec
from isu.domain.model import CaseDetail, CasePage, CaseQuery, CaseRow, CaseStatus
from isu.domain.roles import Permission, Role
from isu.errors import NotFound, UserError
from isu.formdefs import evaluate_case
from isu.services import audit, forms, settings
from isu.services.workspace import Workspace

Answers = Mapping[str, Answer]
Repeats = Mapping[str, Sequence[Mapping[str, Answer]]]

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

# Case columns copied from answers by role, so lists and summaries can filter in SQL.
_ROLE_COLUMNS = (
    "referral_date",
    "start_date",
    "closure_date",
    "closure_reason",
    "gender",
    "birth_year",
    "age_band",
    "municipality",
    "unit",
)


class CaseConflict(UserError):
    """Someone else saved the case after this copy of it was read: nothing was written, and
    the message names who and when (``changed_by``, ``changed_at``)."""

    def __init__(self, changed_by: str, changed_at: str):
        self.changed_by, self.changed_at = changed_by, changed_at
        who_sv = changed_by or "en annan användare"
        who_en = changed_by or "another user"
        when = _local_time(changed_at)
        super().__init__(
            f"Ärendet ändrades av {who_sv} {when}, efter att du öppnade det. Dina ändringar"
            " har inte sparats, så inget skrevs över.",
            f"The case was changed by {who_en} at {when}, after you opened it. Your changes"
            " were not saved, so nothing was overwritten.",
            hint_sv="Det du skrev finns kvar. Öppna ärendet igen, jämför och för in dina"
            " ändringar i den nya versionen.",
            hint_en="What you typed is kept. Open the case again, compare, and make your"
            " changes in the new version.",
        )


def _local_time(stamp: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return stamp or ""
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class SaveResult:
    case_id: int
    revision: int
    warnings: int
    phases_complete: tuple[str, ...]
    issues: tuple  # isu.formdefs Issue objects


# -- access -----------------------------------------------------------------------------------
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


def _allowed(ws: Workspace, session: Session, case: CaseRecord, *, write: bool) -> bool:
    """Admins open any case; coordinators their own (or all, if the database shares access);
    unit heads read case details only if the database allows it, and never change them."""
    role = ws.user.role
    current = settings.load(session)
    if role is Role.ADMIN:
        return True
    if role is Role.COORDINATOR and (case.coordinator_id == ws.user.id or current.shared_access):
        return True
    return role is Role.UNIT_HEAD and not write and current.unit_head_reads_cases


def _open_case(ws: Workspace, session: Session, case_id: int, *, write: bool) -> CaseRecord:
    case = session.get(CaseRecord, case_id)
    if case is None:
        raise _Denied(f"case:{case_id}", "not_found")
    if not _allowed(ws, session, case, write=write):
        raise _Denied(f"case:{case_id}", "no_access")
    if write:
        # A change locks the case row and reads it again (SELECT … FOR UPDATE on a server; a
        # file's writer already holds the write lock): two workstations saving one case take
        # turns, and the second sees the first's revision instead of both passing the check.
        session.refresh(case, with_for_update=True)
    return case


@contextlib.contextmanager
def _guarded(ws: Workspace, what: str, case_id: int) -> Iterator[None]:
    """Refusals become ``case_<what>_refused`` entries and the one shared answer; other
    failures ``case_<what>_failed`` entries. Both are written after the unit of work ended."""
    try:
        with audit.attempt(ws, f"case_{what}", f"case:{case_id}"):
            yield
    except _Denied as denied:
        audit.refused(ws, f"case_{what}", denied.target, {"reason": denied.reason})
        raise unavailable() from None


def case_id_by_number(ws: Workspace, case_number: str, what: str = "open") -> int:
    """The id of a case the user may open for ``what`` (``show`` reads; ``set``, ``close``,
    ``reopen``, ``erase`` change). A missing case and a refused one get the same answer;
    both are audited, a missing number only as a keyed hash."""
    write = what not in ("open", "show", "read")
    with ws.db.reading() as session:
        case = session.execute(
            select(CaseRecord).where(CaseRecord.case_number == case_number.strip())
        ).scalar_one_or_none()
        if case is not None and _allowed(ws, session, case, write=write):
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
    case_number = _check_case_number(case_number)
    with audit.attempt(ws, "case_create"), ws.db.unit_of_work() as session:
        spec = forms.form_spec(session, form_id, form_version)
        if session.execute(
            select(CaseRecord.id).where(CaseRecord.case_number == case_number)
        ).first():
            raise UserError(
                f"Ärendenumret {case_number} finns redan.",
                f"The case number {case_number} already exists.",
            )
        case = _new_case_record(
            session,
            spec,
            case_number,
            _coordinator_for(ws, session, coordinator_id),
            creator=ws.user.id,
        )
        all_answers = _with_case_number(spec, answers or {}, case_number)
        _defaults_from_settings(session, spec, all_answers)
        result = _store(session, spec, case, all_answers, repeats or {}, today)
        audit.append(
            session,
            ws.user.username,
            "case_created",
            f"case:{case.id}",
            {"form": spec.id, "version": spec.version},
        )
        return result


def _new_case_record(
    session: Session,
    spec: FormSpec,
    case_number: str,
    coordinator_id: int,
    *,
    closed: bool = False,
    creator: int | None = None,
    flush: bool = True,
) -> CaseRecord:
    status = CaseStatus.CLOSED if closed else CaseStatus.ONGOING
    case = CaseRecord(
        case_number=case_number,
        form_id=spec.id,
        form_version=spec.version,
        coordinator_id=coordinator_id,
        status=status.value,
        unit="",
        municipality="",
        phases_complete="",
        warnings=0,
        revision=1,
        updated_by=creator,
    )
    session.add(case)
    if flush:
        session.flush()
    return case


def _with_case_number(spec: FormSpec, answers: Answers, case_number: str) -> dict[str, Answer]:
    """The case number is an answer too (role ``case_number``), always equal to the case's."""
    merged = dict(answers)
    if (question := spec.by_role("case_number")) is not None:
        merged[question.code] = Answer(case_number)
    return merged


def _check_case_number(case_number: str) -> str:
    number = case_number.strip()
    if not number or len(number) > 64:
        raise UserError(
            "Ange ett ärendenummer (högst 64 tecken).",
            "Enter a case number (at most 64 characters).",
        )
    digits = "".join(ch for ch in number if ch.isdigit())
    if len(digits) >= 10 and len(digits) == len(number.replace("-", "").replace("+", "")):
        raise UserError(
            "Ärendenumret ser ut som ett personnummer. Använd ett lokalt löpnummer.",
            "The case number looks like a personal identity number. Use a local running number.",
        )
    return number


def _coordinator_for(ws: Workspace, session: Session, coordinator_id: int | None) -> int:
    if coordinator_id is None or coordinator_id == ws.user.id:
        return ws.user.id
    ws.require(Permission.MANAGE_USERS)
    if session.get(UserRecord, coordinator_id) is None:
        raise NotFound("Samordnaren finns inte.", "The coordinator does not exist.")
    return coordinator_id


def _defaults_from_settings(session: Session, spec: FormSpec, answers: dict) -> None:
    current = settings.load(session)
    for role, value in (("municipality", current.municipality), ("unit", current.unit)):
        question = spec.by_role(role)
        if question is not None and value and question.code not in answers:
            answers[question.code] = Answer(value)


# -- saving -----------------------------------------------------------------------------------
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
    with _guarded(ws, "save", case_id), ws.db.unit_of_work() as session:
        case = _open_case(ws, session, case_id, write=True)
        _claim(ws, session, case, expected_revision)
        spec = forms.form_spec(session, case.form_id, case.form_version)
        all_answers = _with_case_number(spec, answers, case.case_number)
        result = _store(session, spec, case, all_answers, repeats, today)
        audit.append(
            session,
            ws.user.username,
            "case_saved",
            f"case:{case.id}",
            {"revision": result.revision},
        )
        return result


def _store(
    session: Session,
    spec: FormSpec,
    case: CaseRecord,
    answers: Answers,
    repeats: Repeats,
    today: dt.date | None,
    evaluation=None,
) -> SaveResult:
    """``evaluation``: the form's logic already applied to exactly these answers (a batch
    import checks every row first and does not run it twice)."""
    if evaluation is None:
        evaluation = evaluate_case(spec, answers, repeats, today or dt.date.today())
    rows = _answer_rows(spec, case, answers, repeats, evaluation.computed)
    session.execute(delete(AnswerRecord).where(AnswerRecord.case_id == case.id))
    if rows:
        session.execute(AnswerRecord.__table__.insert(), rows)
    complete = _apply_evaluation(spec, case, answers, repeats, evaluation)
    session.flush()
    return SaveResult(case.id, case.revision, case.warnings, complete, tuple(evaluation.issues))


def _apply_evaluation(
    spec: FormSpec, case: CaseRecord, answers: Answers, repeats: Repeats, evaluation
) -> tuple[str, ...]:
    """Onto the case row: the role columns, complete phases and warnings the answers give
    (the revision moves in ``_claim``)."""
    merged = {**answers, **{c: Answer(v) for c, v in evaluation.computed.items()}}
    _copy_role_columns(spec, case, merged)
    complete = _complete_phases(spec, merged, repeats, evaluation)
    case.phases_complete = " ".join(complete)
    case.warnings = len(evaluation.issues)
    case.updated_at = utcnow()
    return complete


def _answer_rows(
    spec: FormSpec, case: CaseRecord, answers: Answers, repeats: Repeats, computed: Mapping
) -> list[dict]:
    rows: list[dict] = []

    def add(code: str, answer: Answer, instance: int, group: str | None) -> None:
        if not spec.has_question(code):
            raise UserError(f"Okänd fråga: {code}", f"Unknown question: {code}")
        if not answer.is_answered:
            return
        _check_missing(spec, code, answer)
        text, num = encode(spec.question(code), answer.value)
        rows.append(
            {
                "case_id": case.id,
                "code": code,
                "instance": instance,
                "repeat": group,
                "value_text": text,
                "value_num": num,
                "missing": answer.missing,
                "form_version": case.form_version,
            }
        )

    for code, answer in answers.items():
        if code not in computed:
            add(code, answer, 0, None)
    for code, value in computed.items():
        if value is not None and spec.question(code).group is None:
            add(code, Answer(value), 0, None)
    for group, items in repeats.items():
        if spec.group(group) is None:
            raise UserError(f"Okänd upprepad grupp: {group}", f"Unknown repeat group: {group}")
        for index, item in enumerate(items, start=1):
            for code, answer in item.items():
                add(code, answer, index, group)
    return rows


def _check_missing(spec: FormSpec, code: str, answer: Answer) -> None:
    if answer.missing is None:
        return
    allowed = spec.question(code).missing or tuple(m.code for m in spec.missing_codes)
    if answer.missing not in allowed:
        raise UserError(
            f"Ogiltig orsak till saknat svar för {code}: {answer.missing}",
            f"Invalid missing reason for {code}: {answer.missing}",
        )


def _copy_role_columns(spec: FormSpec, case: CaseRecord, answers: Answers) -> None:
    for role in _ROLE_COLUMNS:
        question = spec.by_role(role)
        answer = answers.get(question.code) if question else None
        value = answer.value if answer else None
        if role == "birth_year":
            value = int(value) if isinstance(value, int | float) else None
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif value is not None:
            value = str(value)
        if role in ("municipality", "unit"):
            value = value or ""
        setattr(case, role, value)


def _complete_phases(
    spec: FormSpec, answers: Answers, repeats: Repeats, evaluation
) -> tuple[str, ...]:
    """A phase is complete when something in it is answered and it has no warnings."""
    warned = {spec.question(i.code).phase for i in evaluation.issues if spec.has_question(i.code)}
    answered = {
        spec.question(c).phase for c, a in answers.items() if spec.has_question(c) and a.is_answered
    }
    answered |= {spec.group(g).phase for g, items in repeats.items() if items and spec.group(g)}
    return tuple(p for p in PHASES if p in answered and p not in warned)


def _claim(ws: Workspace, session: Session, case: CaseRecord, expected: int | None) -> None:
    """The optimistic version check, in the write's own transaction: the case's revision
    moves from ``expected`` (by default the one just read) to the next only if no one else
    moved it first (``UPDATE … WHERE revision = :expected``: on the server a concurrent save
    waits for the row and then matches nothing). Otherwise nothing is written, and the
    error names who made the current revision and when."""
    expected = case.revision if expected is None else expected
    claimed = session.execute(
        update(CaseRecord)
        .where(CaseRecord.id == case.id, CaseRecord.revision == expected)
        .values(revision=expected + 1, updated_by=ws.user.id or None)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        session.refresh(case)
        author = session.get(UserRecord, case.updated_by) if case.updated_by else None
        raise CaseConflict(author.display_name if author else "", case.updated_at)
    set_committed_value(case, "revision", expected + 1)
    set_committed_value(case, "updated_by", ws.user.id or None)


# -- reading ----------------------------------------------------------------------------------
def get_case(ws: Workspace, case_id: int) -> CaseDetail:
    """One case with its answers. The read is audited; on a read-only medium or a full disk
    the entry is queued (``audit.note``) and the case is shown all the same."""
    with _guarded(ws, "read", case_id), ws.db.reading() as session:
        case = _open_case(ws, session, case_id, write=False)
        spec = forms.form_spec(session, case.form_id, case.form_version)
        answers, repeats = _load_answers(session, spec, case.id)
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


def _load_answers(
    session: Session, spec: FormSpec, case_id: int
) -> tuple[dict[str, Answer], dict[str, list[dict[str, Answer]]]]:
    answers: dict[str, Answer] = {}
    repeats: dict[str, dict[int, dict[str, Answer]]] = {}
    rows = session.execute(
        select(AnswerRecord).where(AnswerRecord.case_id == case_id).order_by(AnswerRecord.instance)
    ).scalars()
    for row in rows:
        question = spec.question(row.code) if spec.has_question(row.code) else None
        answer = answer_from_row(question, row.value_text, row.value_num, row.missing)
        if row.instance == 0:
            answers[row.code] = answer
        else:
            repeats.setdefault(row.repeat or "", {}).setdefault(row.instance, {})[row.code] = answer
    return answers, {g: [items[i] for i in sorted(items)] for g, items in repeats.items()}


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
    with _guarded(ws, "close", case_id), ws.db.unit_of_work() as session:
        case = _open_case(ws, session, case_id, write=True)
        _claim(ws, session, case, expected_revision)
        spec = forms.form_spec(session, case.form_id, case.form_version)
        date_q, reason_q = spec.by_role("closure_date"), spec.by_role("closure_reason")
        if date_q is None or reason_q is None:
            raise UserError(
                "Formuläret saknar frågor för avslutsdatum och avslutsorsak.",
                "The form has no questions for closure date and closure reason.",
            )
        if reason not in reason_q.choice_codes:
            raise UserError(f"Okänd avslutsorsak: {reason}", f"Unknown closure reason: {reason}")
        check_closure_date(case.start_date, closure_date)
        answers, repeats = _load_answers(session, spec, case.id)
        answers[date_q.code] = Answer(closure_date)
        answers[reason_q.code] = Answer(reason)
        result = _store(session, spec, case, answers, repeats, today)
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
    with _guarded(ws, "reopen", case_id), ws.db.unit_of_work() as session:
        case = _open_case(ws, session, case_id, write=True)
        _claim(ws, session, case, expected_revision)
        if case.status != CaseStatus.CLOSED.value:
            raise UserError("Ärendet är inte avslutat.", "The case is not closed.")
        spec = forms.form_spec(session, case.form_id, case.form_version)
        answers, repeats = _load_answers(session, spec, case.id)
        for role in ("closure_date", "closure_reason"):
            question = spec.by_role(role)
            if question is not None:
                answers.pop(question.code, None)
        result = _store(session, spec, case, answers, repeats, today)
        case.status = CaseStatus.ONGOING.value
        audit.append(session, ws.user.username, "case_reopened", f"case:{case.id}")
        return result


def count_cases(ws: Workspace) -> int:
    with ws.db.reading() as session:
        return session.execute(select(func.count(CaseRecord.id))).scalar_one()


__all__ = [
    "CaseConflict",
    "CaseUnavailable",
    "SaveResult",
    "close_case",
    "get_case",
    "list_cases",
    "register_case",
    "reopen_case",
    "save_case",
    "suggest_case_number",
]


# -- bulk import (demo data, migrations from other tools) -------------------------------------
@dataclass(frozen=True)
class NewCase:
    case_number: str
    answers: Mapping[str, Answer]
    repeats: Mapping[str, Sequence[Mapping[str, Answer]]]
    closed: bool = False
    coordinator_id: int | None = None


def import_cases(
    ws: Workspace,
    new_cases: Iterable[NewCase],
    *,
    form_id: str = "sig",
    batch_size: int = 500,
    today: dt.date | None = None,
    progress=None,
    total: int | None = None,
) -> int:
    """Register many cases in batches (one transaction and one audit entry per batch).
    ``new_cases`` may be a generator: only one batch is held at a time. ``progress`` gets
    (done, total); ``total`` defaults to ``len(new_cases)`` when it has one."""
    ws.require(Permission.MANAGE_USERS)
    if total is None and isinstance(new_cases, Sized):
        total = len(new_cases)
    done = 0
    pending = iter(new_cases)
    while batch := list(islice(pending, batch_size)):
        with ws.db.unit_of_work() as session:
            spec = forms.form_spec(session, form_id)
            if session.get_bind().dialect.name == "sqlite":
                _insert_new_cases(session, spec, batch, ws.user.id, today)
            else:  # the fast path writes SQLite's own ids and placeholders
                _store_new_cases(session, spec, batch, ws.user.id, today)
            audit.append(
                session,
                ws.user.username,
                "cases_imported",
                "",
                {"count": len(batch), "form": spec.id, "version": spec.version},
            )
        done += len(batch)
        if progress is not None:
            progress(done, total if total is not None else done)
    return done


_INSERT_ANSWER = (
    "INSERT INTO answers (case_id, code, instance, repeat, value_text, value_num, missing,"
    " form_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
_ANSWER_COLUMNS = (
    "case_id", "code", "instance", "repeat", "value_text", "value_num", "missing", "form_version"
)  # fmt: skip


def _store_new_cases(
    session: Session, spec: FormSpec, batch: Sequence[NewCase], user_id: int, today
) -> None:
    """New cases saved one by one, as ``register_case`` saves them (any database)."""
    for item in batch:
        number = _check_case_number(item.case_number)
        case = _new_case_record(
            session,
            spec,
            number,
            item.coordinator_id or user_id,
            closed=item.closed,
            creator=user_id,
        )
        answers = _with_case_number(spec, item.answers, number)
        _store(session, spec, case, answers, item.repeats, today)


def _insert_new_cases(
    session: Session, spec: FormSpec, batch: Sequence[NewCase], user_id: int, today
) -> None:
    """New cases as ``_store`` saves them, written with one statement per table: the cases
    get their ids here (the write lock is held), so their answers need no flush in between."""
    next_id = (session.execute(select(func.max(CaseRecord.id))).scalar() or 0) + 1
    case_rows, answer_rows = [], []
    for offset, item in enumerate(batch):
        number = _check_case_number(item.case_number)
        status = CaseStatus.CLOSED if item.closed else CaseStatus.ONGOING
        case = CaseRecord(
            id=next_id + offset,
            case_number=number,
            form_id=spec.id,
            form_version=spec.version,
            coordinator_id=item.coordinator_id or user_id,
            status=status.value,
        )
        answers = _with_case_number(spec, item.answers, number)
        evaluation = evaluate_case(spec, answers, item.repeats, today or dt.date.today())
        rows = _answer_rows(spec, case, answers, item.repeats, evaluation.computed)
        answer_rows.extend(tuple(row[c] for c in _ANSWER_COLUMNS) for row in rows)
        merged = {**answers, **{c: Answer(v) for c, v in evaluation.computed.items()}}
        _copy_role_columns(spec, case, merged)
        now = utcnow()
        case_rows.append(
            {
                **{column: getattr(case, column) for column in _CASE_COLUMNS},
                "phases_complete": " ".join(
                    _complete_phases(spec, merged, item.repeats, evaluation)
                ),
                "warnings": len(evaluation.issues),
                "revision": 1,
                "updated_by": user_id,
                "created_at": now,
                "updated_at": now,
            }
        )
    session.execute(CaseRecord.__table__.insert(), case_rows)
    if answer_rows:
        session.connection().exec_driver_sql(_INSERT_ANSWER, answer_rows)


_CASE_COLUMNS = (
    "id", "case_number", "form_id", "form_version", "coordinator_id", "status",
    *_ROLE_COLUMNS,
)  # fmt: skip
