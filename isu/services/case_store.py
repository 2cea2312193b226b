"""Writing a case's answers: the rows, the role columns and phases copied onto the case,
the optimistic revision check, and reading the answers back. Shared by ``cases`` (one case),
``case_bulk`` and ``case_import`` (many), so every path stores a case the same way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from isu.db.codec import answer_from_row, encode
from isu.db.models import AnswerRecord, CaseRecord, UserRecord, utcnow
from isu.domain.answers import Answer
from isu.domain.form import PHASES, FormSpec
from isu.domain.model import CaseStatus
from isu.errors import UserError
from isu.formdefs import evaluate_case
from isu.services import settings
from isu.services.changes import Changes, for_cases
from isu.services.workspace import Workspace

Answers = Mapping[str, Answer]
Repeats = Mapping[str, Sequence[Mapping[str, Answer]]]


ROLE_COLUMNS = (
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
        when = local_time(changed_at)
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


def local_time(stamp: str | None) -> str:
    """A stored UTC timestamp as local 'YYYY-MM-DD HH:MM' (other text as it is)."""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return stamp or ""
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class SaveResult:
    """What registering, saving, closing or reopening stored: ``revision`` is the one the
    next save expects; ``changes`` names the case for the window's broadcast."""

    case_id: int
    revision: int
    warnings: int
    phases_complete: tuple[str, ...]
    issues: tuple  # isu.formdefs Issue objects

    @property
    def changes(self) -> Changes:
        return for_cases(self.case_id)


def new_case_record(
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


def with_case_number(spec: FormSpec, answers: Answers, case_number: str) -> dict[str, Answer]:
    """The case number is an answer too (role ``case_number``), always equal to the case's."""
    merged = dict(answers)
    if (question := spec.by_role("case_number")) is not None:
        merged[question.code] = Answer(case_number)
    return merged


def check_case_number(case_number: str) -> str:
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


def defaults_from_settings(session: Session, spec: FormSpec, answers: dict) -> None:
    current = settings.load(session)
    for role, value in (("municipality", current.municipality), ("unit", current.unit)):
        question = spec.by_role(role)
        if question is not None and value and question.code not in answers:
            answers[question.code] = Answer(value)


def store_answers(
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
    rows = answer_rows(spec, case, answers, repeats, evaluation.computed)
    session.execute(delete(AnswerRecord).where(AnswerRecord.case_id == case.id))
    if rows:
        session.execute(AnswerRecord.__table__.insert(), rows)
    complete = apply_evaluation(spec, case, answers, repeats, evaluation)
    session.flush()
    return SaveResult(case.id, case.revision, case.warnings, complete, tuple(evaluation.issues))


def apply_evaluation(
    spec: FormSpec, case: CaseRecord, answers: Answers, repeats: Repeats, evaluation
) -> tuple[str, ...]:
    """Onto the case row: the role columns, complete phases and warnings the answers give
    (the revision moves in ``claim``)."""
    merged = {**answers, **{c: Answer(v) for c, v in evaluation.computed.items()}}
    _copy_role_columns(spec, case, merged)
    complete = _complete_phases(spec, merged, repeats, evaluation)
    case.phases_complete = " ".join(complete)
    case.warnings = len(evaluation.issues)
    case.updated_at = utcnow()
    return complete


def answer_rows(
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
    for role in ROLE_COLUMNS:
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


def claim(ws: Workspace, session: Session, case: CaseRecord, expected: int | None) -> None:
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


def load_answers(
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
