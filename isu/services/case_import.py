"""Batch import of answers: a CSV or XLSX file with one row per case becomes new cases.

The file has one header row of the form's own question codes (plus ``case_number``, else
numbers are suggested as for a new case) and values as the records export writes them:
choice codes, multiple choice joined by ``|``, yes/no as 1/0 (or ja/nej), ISO dates, a
missing reason by its code in the value cell or in a ``<code>__missing`` column.

``check_import`` reads and checks everything first and reports every problem by row,
column and message; ``write_import`` then writes all cases in one transaction, or none.
The import is one audit entry (count, form, file hash); no case number is logged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from isu.db.models import AnswerRecord, CaseRecord
from isu.domain.answers import Answer
from isu.domain.form import FormSpec, QType, Question
from isu.domain.roles import Permission
from isu.domain.text import Text
from isu.errors import UserError
from isu.formdefs import Evaluation, evaluate_case, parse_answer
from isu.services import audit, case_store, cases, forms
from isu.services.changes import AUDIT, CASES, Changes
from isu.services.import_table import read_table
from isu.services.workspace import Workspace

CASE_NUMBER_COLUMN = "case_number"
MISSING_SUFFIX = "__missing"
BATCH_SIZE = 500  # cases per statement, and how often progress is reported
# Progress: (cases written, cases in all) -> False to cancel (nothing is then written).
Progress = Callable[[int, int], bool | None]


class ImportCancelled(UserError):
    def __init__(self) -> None:
        super().__init__(
            "Importen avbröts. Inga ärenden sparades.",
            "The import was cancelled. No cases were saved.",
        )


@dataclass(frozen=True)
class ImportProblem:
    """One problem: ``row`` as the spreadsheet numbers it (1 = the header row, 0 = the
    file as a whole), ``column`` the header cell's text ("" for the whole row)."""

    row: int
    column: str
    message: Text
    warning: bool = False


@dataclass(frozen=True)
class PlannedCase:
    row: int
    case_number: str
    answers: Mapping[str, Answer]  # from the file (settings fill in what it leaves empty)
    closed: bool
    generated_number: bool = False
    evaluation: Evaluation | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class ImportCheck:
    form_id: str
    form_version: int
    file_name: str
    sha256: str
    rows: int
    problems: tuple[ImportProblem, ...]
    cases: tuple[PlannedCase, ...] = field(repr=False)
    defaults: Mapping[str, Answer] = field(default_factory=dict, repr=False)
    today: dt.date | None = None

    @property
    def errors(self) -> tuple[ImportProblem, ...]:
        return tuple(p for p in self.problems if not p.warning)

    @property
    def warnings(self) -> tuple[ImportProblem, ...]:
        return tuple(p for p in self.problems if p.warning)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def generated_numbers(self) -> int:
        return sum(1 for c in self.cases if c.generated_number)


@dataclass(frozen=True)
class ImportResult:
    created: int
    closed: int
    with_warnings: int

    @property
    def changes(self) -> Changes:
        return CASES if self.created else AUDIT


# -- the columns ----------------------------------------------------------------------------
@dataclass(frozen=True)
class _Column:
    index: int
    name: str
    question: Question | None  # None: the case-number column
    missing_only: bool = False  # a ``<code>__missing`` column

    @property
    def key(self) -> str:
        if self.question is None:
            return CASE_NUMBER_COLUMN
        return self.question.code + (MISSING_SUFFIX if self.missing_only else "")


def _map_columns(
    spec: FormSpec, header: Sequence[str]
) -> tuple[list[_Column], list[ImportProblem]]:
    columns: list[_Column] = []
    problems: list[ImportProblem] = []
    seen: set[str] = set()
    for index, name in enumerate(header):
        found = _column_for(spec, index, name)
        if not isinstance(found, _Column):
            problems.append(_problem(1, name or f"#{index + 1}", *found))
        elif found.key in seen:
            problems.append(_problem(1, name, *_DUPLICATE_COLUMN))
        else:
            seen.add(found.key)
            columns.append(found)
    return columns, problems


def _column_for(spec: FormSpec, index: int, name: str) -> _Column | tuple[str, str]:
    """The column a header cell names (a question's current or earlier code, in any case),
    or why it cannot be imported."""
    if not name:
        return _EMPTY_HEADER
    base, missing_only = name, False
    if name.casefold().endswith(MISSING_SUFFIX):
        base, missing_only = name[: -len(MISSING_SUFFIX)], True
    if base.casefold() == CASE_NUMBER_COLUMN and not missing_only:
        return _Column(index, name, None)
    by_fold = spec.derived.setdefault(
        "import_codes", {q.code.casefold(): q.code for q in spec.questions()}
    )
    code = spec.current_code(base) or spec.current_code(by_fold.get(base.casefold(), ""))
    if code is None:
        return _unknown_column(spec, name)
    question = spec.question(code)
    if question.role == "case_number":  # the form's own case-number question
        return _unknown_column(spec, name) if missing_only else _Column(index, name, None)
    return _unusable_question(question) or _Column(index, name, question, missing_only)


def _unusable_question(question: Question) -> tuple[str, str] | None:
    if question.type is QType.COMPUTED:
        return (
            "Frågan beräknas av programmet och kan inte importeras. Ta bort kolumnen.",
            "The question is computed by the program and cannot be imported. Remove the column.",
        )
    if question.group is not None:
        return (
            f"Frågan hör till den upprepade gruppen {question.group}, som inte kan importeras"
            " med en rad per ärende. Ta bort kolumnen.",
            f"The question belongs to the repeat group {question.group}, which cannot be"
            " imported with one row per case. Remove the column.",
        )
    return None


def _unknown_column(spec: FormSpec, name: str) -> tuple[str, str]:
    return (
        f"Okänd kolumn: formuläret {spec.id} har ingen fråga med koden {name!r}. Rad 1 ska ha"
        f" frågornas koder (och {CASE_NUMBER_COLUMN}).",
        f"Unknown column: form {spec.id} has no question with the code {name!r}. Row 1 should"
        f" hold the question codes (and {CASE_NUMBER_COLUMN}).",
    )


_EMPTY_HEADER = ("Kolumnen saknar rubrik (frågans kod).", "The column has no header (a code).")
_DUPLICATE_COLUMN = ("Kolumnen finns två gånger.", "The column occurs twice.")


def _problem(row: int, column: str, sv: str, en: str, warning: bool = False) -> ImportProblem:
    return ImportProblem(row, column, Text(sv, en), warning)


# -- the rows -------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Row:
    number: int
    case_number: str
    answers: dict[str, Answer]
    names: dict[str, str]  # question code -> the header text of its column


class _RowChecker:
    """Reads rows into answers and applies the form's rules, collecting every problem
    instead of stopping at the first."""

    def __init__(self, spec: FormSpec, columns: list[_Column], width: int, today: dt.date):
        self.spec, self.columns, self.width, self.today = spec, columns, width, today
        self.date_q = spec.by_role("closure_date")
        self.reason_q = spec.by_role("closure_reason")
        self.start_q = spec.by_role("start_date")
        self.parsed: dict[tuple[str, str], Answer | UserError] = {}

    def read(self, number: int, cells: Sequence[str], problems: list[ImportProblem]) -> _Row:
        extra = [c for c in cells[self.width :] if c.strip()]
        if extra:
            problems.append(_problem(number, "", *_extra_cells(len(cells), self.width)))
        case_number, answers, names = "", {}, {}
        for column in self.columns:
            raw = cells[column.index] if column.index < len(cells) else ""
            if column.question is None:
                case_number = raw.strip()
                continue
            code = column.question.code
            if column.missing_only:
                names.setdefault(code, column.name)
            else:
                names[code] = column.name
            answer = self.cell(number, column, raw, answers.get(code), problems)
            if answer is not None:
                answers[code] = answer
        return _Row(number, case_number, answers, names)

    def cell(self, number, column, raw, earlier, problems) -> Answer | None:
        if not raw.strip():
            return None
        question = column.question
        if column.missing_only:
            return self.missing_cell(number, column, raw.strip(), earlier, problems)
        answer = self.parse(question, raw)
        if isinstance(answer, UserError):
            problems.append(_problem(number, column.name, answer.sv, answer.en))
            return None
        if earlier is not None and earlier.missing is not None:
            problems.append(_problem(number, column.name, *_BOTH_VALUE_AND_MISSING))
            return None
        return answer

    def parse(self, question: Question, raw: str) -> Answer | UserError:
        """``parse_answer``, once per distinct text of a column (files repeat their values)."""
        key = (question.code, raw)
        if key not in self.parsed:
            try:
                self.parsed[key] = parse_answer(self.spec, question, raw)
            except UserError as exc:
                self.parsed[key] = exc
        return self.parsed[key]

    def missing_cell(self, number, column, code, earlier, problems) -> Answer | None:
        allowed = column.question.missing
        if code not in allowed:
            shown = ", ".join(allowed) or "–"
            problems.append(
                _problem(
                    number,
                    column.name,
                    f"Okänd eller otillåten orsak till saknat svar: {code!r} (tillåtna: {shown}).",
                    f"Unknown or disallowed missing reason: {code!r} (allowed: {shown}).",
                )
            )
            return None
        if earlier is not None and earlier.has_value:
            problems.append(_problem(number, column.name, *_BOTH_VALUE_AND_MISSING))
            return None
        return Answer(None, code)

    def plan(
        self, row: _Row, case_number: str, generated: bool, defaults: Mapping, problems: list
    ) -> PlannedCase:
        """The case as it will be stored (settings' defaults and the case number added),
        checked against the form's rules."""
        answers = stored_answers(self.spec, defaults, row.answers, case_number)
        evaluation = evaluate_case(self.spec, answers, {}, self.today)
        self.form_rules(row, evaluation, problems)
        closed = self.closed(row, problems)
        kept = Evaluation(computed=evaluation.computed, issues=evaluation.issues)  # for writing
        return PlannedCase(row.number, case_number, row.answers, closed, generated, kept)

    def form_rules(self, row: _Row, evaluation, problems: list) -> None:
        """Constraints block; skip logic, which the service does not enforce (answers to
        questions that do not apply are kept), only warns."""
        for issue in evaluation.issues:
            if issue.kind == "constraint":
                column = row.names.get(issue.code, issue.code)
                problems.append(_problem(row.number, column, issue.message.sv, issue.message.en))
        for code, answer in row.answers.items():
            if answer.is_answered and not evaluation.is_relevant(code):
                problems.append(_problem(row.number, row.names[code], *_NOT_RELEVANT, True))

    def closed(self, row: _Row, problems: list) -> bool:
        """Closed when both closure date and reason are answered, as ``close_case`` asks."""
        if self.date_q is None or self.reason_q is None:
            return False
        date = row.answers.get(self.date_q.code, Answer()).value
        reason = row.answers.get(self.reason_q.code, Answer()).value
        if date is None and reason is None:
            return False
        if date is None or reason is None:
            column = row.names[self.date_q.code if date is not None else self.reason_q.code]
            problems.append(_problem(row.number, column, *_HALF_CLOSED, warning=True))
            return False
        start = row.answers.get(self.start_q.code, Answer()).value if self.start_q else None
        try:
            cases.check_closure_date(start if isinstance(start, dt.date) else None, date)
        except UserError as exc:
            problems.append(_problem(row.number, row.names[self.date_q.code], exc.sv, exc.en))
        return True


def _extra_cells(count: int, width: int) -> tuple[str, str]:
    return (
        f"Raden har {count} celler men rubrikraden bara {width}.",
        f"The row has {count} cells but the header row only {width}.",
    )


_BOTH_VALUE_AND_MISSING = (
    "Både ett svar och en orsak till saknat svar: ange det ena.",
    "Both an answer and a missing reason: give one of them.",
)
_NOT_RELEVANT = (
    "Frågan gäller inte enligt formulärets villkor; svaret sparas men räknas inte.",
    "The question does not apply by the form's conditions; the answer is kept but not counted.",
)
_HALF_CLOSED = (
    "Ärendet blir pågående: för att avsluta behövs både avslutsdatum och avslutsorsak.",
    "The case stays ongoing: closing needs both the closure date and the closure reason.",
)


# -- checking -------------------------------------------------------------------------------
def check_import(
    ws: Workspace, path: str | Path, form_id: str, *, today: dt.date | None = None
) -> ImportCheck:
    """Read and check the whole file; nothing is written."""
    ws.require(Permission.REGISTER_CASES, "case_import")
    table = read_table(path)
    today = today or dt.date.today()
    with ws.db.reading() as session:
        spec = forms.form_spec(session, form_id)
        defaults: dict[str, Answer] = {}
        case_store.defaults_from_settings(session, spec, defaults)
        columns, problems = _map_columns(spec, table.header)
        checker = _RowChecker(spec, columns, len(table.header), today)
        rows = [checker.read(number, cells, problems) for number, cells in table.rows]
        numbers, taken = _numbers(session, rows, today, problems)
    if taken:  # which numbers exist is what a probing user would learn: that shows in the log
        detail = {"reason": "case_numbers_exist", "count": taken, "file_sha256": table.sha256}
        audit.refused(ws, "case_import", "", detail)
    planned = tuple(
        checker.plan(row, number, generated, defaults, problems)
        for row, (number, generated) in zip(rows, numbers, strict=True)
    )
    problems.sort(key=lambda p: (p.row, p.warning))
    return ImportCheck(
        spec.id, spec.version, Path(path).name, table.sha256, len(table.rows),
        tuple(problems), planned, defaults, today,
    )  # fmt: skip


def _numbers(
    session, rows: Sequence[_Row], today: dt.date, problems: list
) -> tuple[list[tuple[str, bool]], int]:
    """(case number, suggested?) per row: the file's numbers checked as for a new case and
    unique in the file and the database; numbers suggested where the file has none. Also
    how many of the file's numbers the database has."""
    given = [row.case_number for row in rows if row.case_number]
    existing = _existing_numbers(session, given)
    fresh = iter(cases.next_case_numbers(session, today.year, len(rows) - len(given), given))
    first_row: dict[str, int] = {}
    numbers = []
    for row in rows:
        if row.case_number:
            _check_number(row.number, row.case_number, existing, first_row, problems)
            numbers.append((row.case_number.strip(), False))
        else:
            numbers.append((next(fresh), True))
    return numbers, len({n.strip() for n in given} & existing)


def _existing_numbers(session, given: Sequence[str]) -> set[str]:
    query = select(CaseRecord.case_number)
    if len(given) <= 500:  # a short file asks for its own numbers; a long one reads them all
        query = query.where(CaseRecord.case_number.in_([n.strip() for n in given]))
    return set(session.execute(query).scalars())


def _check_number(row: int, number: str, existing, first_row: dict, problems: list) -> None:
    column = CASE_NUMBER_COLUMN
    try:
        checked = case_store.check_case_number(number)
    except UserError as exc:
        problems.append(_problem(row, column, exc.sv, exc.en))
        return
    if checked in first_row:
        earlier = first_row[checked]
        problems.append(
            _problem(
                row,
                column,
                f"Ärendenumret {checked} finns redan på rad {earlier} i filen.",
                f"The case number {checked} already occurs on row {earlier} of the file.",
            )
        )
    elif checked in existing:
        problems.append(
            _problem(
                row,
                column,
                f"Ärendenumret {checked} finns redan i databasen.",
                f"The case number {checked} already exists in the database.",
            )
        )
    first_row.setdefault(checked, row)


# -- writing --------------------------------------------------------------------------------
def write_import(
    ws: Workspace,
    check: ImportCheck,
    *,
    progress: Progress | None = None,
    today: dt.date | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportResult:
    """Write every planned case in one transaction: all of them, or (on any failure or a
    cancel) none. Rights are checked again here, not only when the file was checked."""
    ws.require(Permission.REGISTER_CASES, "case_import")
    if not check.ok:
        raise UserError(
            f"Filen har {len(check.errors)} fel. Rätta dem och kontrollera igen; inget sparades.",
            f"The file has {len(check.errors)} errors. Fix them and check again; nothing was"
            " saved.",
        )
    total = len(check.cases)
    with audit.attempt(ws, "case_import"), ws.db.unit_of_work() as session:
        writer = _Writer(session, ws, check, today)
        for start in range(0, total, batch_size):
            writer.batch(check.cases[start : start + batch_size])
            done = min(start + batch_size, total)
            if progress is not None and progress(done, total) is False:
                raise ImportCancelled()
        audit.append(
            session,
            ws.user.username,
            "cases_imported",
            "",
            {
                "count": total,
                "closed": writer.closed,
                "form": writer.spec.id,
                "version": writer.spec.version,
                "file_sha256": check.sha256,
            },
        )
    return ImportResult(total, writer.closed, writer.with_warnings)


class _Writer:
    """Cases as ``register_case`` stores them, many per statement. The unit of work holds
    the write lock, so numbers checked here cannot be taken before the commit."""

    def __init__(self, session, ws: Workspace, check: ImportCheck, today: dt.date | None):
        self.session, self.user_id, self.today = session, ws.user.id, today
        self.spec = forms.form_spec(session, check.form_id, check.form_version)
        self.defaults: dict[str, Answer] = {}
        case_store.defaults_from_settings(session, self.spec, self.defaults)
        # The check's evaluations hold while the settings' defaults and the day are the same.
        self.reuse = self.defaults == dict(check.defaults) and (
            (today or dt.date.today()) == check.today
        )
        self.closed = self.with_warnings = 0

    def batch(self, planned: Sequence[PlannedCase]) -> None:
        self.refuse_taken(planned)
        spec, session = self.spec, self.session
        written = []
        for item in planned:
            number = case_store.check_case_number(item.case_number)
            case = case_store.new_case_record(
                session,
                spec,
                number,
                self.user_id,
                closed=item.closed,
                creator=self.user_id,
                flush=False,
            )
            answers = stored_answers(spec, self.defaults, item.answers, number)
            evaluation = item.evaluation if self.reuse else None
            if evaluation is None:
                evaluation = evaluate_case(spec, answers, {}, self.today or dt.date.today())
            case_store.apply_evaluation(spec, case, answers, {}, evaluation)
            written.append((case, answers, evaluation))
            self.closed += item.closed
            self.with_warnings += bool(case.warnings)
        try:
            session.flush()
        except IntegrityError:  # the unique index, should anything get past refuse_taken
            raise _taken(planned[0].row, "") from None
        rows = [
            row
            for case, answers, evaluation in written
            for row in case_store.answer_rows(spec, case, answers, {}, evaluation.computed)
        ]
        if rows:
            session.execute(AnswerRecord.__table__.insert(), rows)

    def refuse_taken(self, planned: Sequence[PlannedCase]) -> None:
        numbers = {item.case_number.strip(): item.row for item in planned}
        taken = self.session.execute(
            select(CaseRecord.case_number).where(CaseRecord.case_number.in_(list(numbers)))
        ).scalars()
        first = min((numbers[n] for n in taken), default=None)
        if first is not None:
            number = next(n for n, row in numbers.items() if row == first)
            raise _taken(first, number)


def _taken(row: int, number: str) -> UserError:
    return UserError(
        f"Rad {row}: ärendenumret {number} har registrerats sedan filen kontrollerades."
        " Inget sparades; kontrollera filen igen.",
        f"Row {row}: the case number {number} was registered after the file was checked."
        " Nothing was saved; check the file again.",
    )


def stored_answers(
    spec: FormSpec, defaults: Mapping[str, Answer], answers: Mapping[str, Answer], number: str
) -> dict[str, Answer]:
    """What ``register_case`` would store: the settings' defaults under the file's answers,
    and the case number as an answer too."""
    return case_store.with_case_number(spec, {**defaults, **answers}, number)


def import_file(
    ws: Workspace,
    path: str | Path,
    form_id: str,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> tuple[ImportCheck, ImportResult | None]:
    """Check, then (unless ``dry_run`` or the check found errors) write."""
    check = check_import(ws, path, form_id, today=today)
    if dry_run or not check.ok:
        return check, None
    return check, write_import(ws, check, progress=progress, today=today)
