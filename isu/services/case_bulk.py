"""Registering many cases at once (demo data, migrations from other tools)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence, Sized
from dataclasses import dataclass
from itertools import islice

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from isu.db.models import CaseRecord
from isu.domain.answers import Answer
from isu.domain.form import FormSpec
from isu.domain.model import CaseStatus
from isu.domain.roles import Permission
from isu.formdefs import evaluate_case
from isu.services import audit, forms
from isu.services.case_store import (
    ROLE_COLUMNS,
    answer_rows,
    apply_evaluation,
    check_case_number,
    new_case_record,
    store_answers,
    with_case_number,
)
from isu.services.changes import CASES, Count
from isu.services.workspace import Workspace


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
) -> Count:
    """Register many cases in batches (one transaction and one audit entry per batch).
    ``new_cases`` may be a generator: only one batch is held at a time. ``progress`` gets
    (done, total); ``total`` defaults to ``len(new_cases)`` when it has one. Returns the
    number imported, which also carries ``changes``."""
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
    return Count(done, CASES)


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
        number = check_case_number(item.case_number)
        case = new_case_record(
            session,
            spec,
            number,
            item.coordinator_id or user_id,
            closed=item.closed,
            creator=user_id,
        )
        answers = with_case_number(spec, item.answers, number)
        store_answers(session, spec, case, answers, item.repeats, today)


def _insert_new_cases(
    session: Session, spec: FormSpec, batch: Sequence[NewCase], user_id: int, today
) -> None:
    """New cases as ``store_answers`` saves them, written with one statement per table: the
    cases get their ids here (the write lock is held), so their answers need no flush in
    between."""
    next_id = (session.execute(select(func.max(CaseRecord.id))).scalar() or 0) + 1
    case_rows, answers_rows = [], []
    for offset, item in enumerate(batch):
        number = check_case_number(item.case_number)
        status = CaseStatus.CLOSED if item.closed else CaseStatus.ONGOING
        case = CaseRecord(
            id=next_id + offset,
            case_number=number,
            form_id=spec.id,
            form_version=spec.version,
            coordinator_id=item.coordinator_id or user_id,
            status=status.value,
            revision=1,
            updated_by=user_id,
        )
        answers = with_case_number(spec, item.answers, number)
        evaluation = evaluate_case(spec, answers, item.repeats, today or dt.date.today())
        rows = answer_rows(spec, case, answers, item.repeats, evaluation.computed)
        answers_rows.extend(tuple(row[c] for c in _ANSWER_COLUMNS) for row in rows)
        apply_evaluation(spec, case, answers, item.repeats, evaluation)
        case_rows.append(
            {
                **{column: getattr(case, column) for column in _CASE_COLUMNS},
                "created_at": case.updated_at,
            }
        )
    session.execute(CaseRecord.__table__.insert(), case_rows)
    if answers_rows:
        session.connection().exec_driver_sql(_INSERT_ANSWER, answers_rows)


_CASE_COLUMNS = (
    "id", "case_number", "form_id", "form_version", "coordinator_id", "status",
    "phases_complete", "warnings", "revision", "updated_by", "updated_at", *ROLE_COLUMNS,
)  # fmt: skip
