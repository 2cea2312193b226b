"""Group summaries: load the selected cases' answers, build the tables, protect and write them.

``load_summary_data`` filters the ``cases`` table in SQL and reads the answers of the selected
cases in one sequential pass (``isu.services.summary_scan``; on PostgreSQL row by row), decoding
each answer with its own form version's question type and mapping it to the current code
(answers to removed questions keep their old code; ``isu.services.summary_answers``).
Summaries use the database's age-band setting: when it differs from the form's bands, each
case's band is derived again from its age at start. The engine in ``isu.summary.engine`` does
the rest. Files written by ``write_report`` are always protected against small numbers;
``build`` (raw counts) is for screens that may show them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import and_, false, func, or_, select
from sqlalchemy.orm import Session, aliased

from isu.db.models import AnswerRecord, CaseRecord, FormRecord, SavedSummaryRecord, utcnow
from isu.domain.form import AgeBand, FormSpec
from isu.domain.roles import Permission
from isu.errors import NotFound, UserError
from isu.services import audit, forms, releases, settings, summary_answers, summary_scan
from isu.services.changes import SUMMARIES_SAVED, Changes, carrying
from isu.services.summary_answers import Decoders
from isu.services.workspace import Workspace
from isu.summary.data import (
    InvalidRequest,
    PeriodKind,
    SplitBy,
    SummaryData,
    SummaryRequest,
    registration_basis,
)
from isu.summary.disclosure import ProtectedReport, floor_k, protect_report, raise_to_floor
from isu.summary.engine import build_summary
from isu.summary.model import SummaryReport

__all__ = [
    "FORMATS",
    "PeriodKind",
    "SavedSummary",
    "SplitBy",
    "SummaryRequest",
    "build",
    "delete_definition",
    "list_definitions",
    "load_definition",
    "load_summary_data",
    "protected",
    "save_definition",
    "summary_age_bands",
    "write_report",
]

FORMATS = ("pdf", "xlsx", "csv")
DEFAULT_FORM_ID = "sig"
AGE_AT_START_ROLE = "age_at_start"


# --- loading ----------------------------------------------------------------------------------


def load_summary_data(
    ws: Workspace, request: SummaryRequest | None = None, *, setting_age_bands: bool = False
) -> SummaryData:
    """The cases ``request`` selects, with their answers. With ``setting_age_bands`` (as
    summaries use it) the cases are placed in the database setting's age bands, and the
    spec carries those bands; without it, in the bands the form stored at save time."""
    request = request or SummaryRequest()
    ws.require(Permission.READ_SUMMARIES)
    with _collector_paused(), ws.db.reading() as session:
        form_id = request.form_id or _form_id(session)
        versions = forms.all_versions(session, form_id)
        if not versions:
            raise _not_published(session, form_id)
        current = versions[-1]
        by_registration = registration_basis(current, request.period)
        database = settings.load(session)
        decoders, retired = summary_answers.decoders_for(current, versions)
        plan = _AgeBandPlan(current)
        if setting_age_bands:
            plan = _age_band_plan(current, database, decoders)
        conditions = [
            CaseRecord.form_id == form_id,
            *plan.case_conditions(request, by_registration),
            *_visible_to(ws, database),
        ]
        cases, index_of = summary_answers.load_cases(session, conditions)
        if session.get_bind().dialect.name == "sqlite":
            answers, items = summary_scan.load_answers(session, index_of, decoders, current)
        else:  # the scan leans on SQLite's rowid ranges and group_concat
            answers, items = summary_answers.load_answers_by_row(
                session, conditions, index_of, decoders, current
            )
        data = SummaryData(
            plan.spec, cases, answers, items, retired, summary_answers.asked_in(decoders)
        )
        return plan.apply(data, request)


def _not_published(session: Session, form_id: str) -> NotFound:
    published = sorted(set(session.execute(select(FormRecord.form_id)).scalars()))
    names = ", ".join(published) or "–"
    return NotFound(
        f"Formuläret {form_id} är inte publicerat. Publicerade formulär: {names}.",
        f"Form {form_id} is not published. Published forms: {names}.",
    )


def _visible_to(ws: Workspace, database: settings.DatabaseSettings) -> list:
    """Coordinators summarise their own cases (all the unit's when the database shares access
    between coordinators); unit heads and administrators summarise the unit."""
    if ws.can(Permission.READ_ALL_CASES) or database.shared_access:
        return []
    return [CaseRecord.coordinator_id == ws.user.id]


def default_form_id(ws: Workspace) -> str:
    """The form a summary takes when the request names none."""
    ws.require(Permission.READ_SUMMARIES)
    with ws.db.reading() as session:
        return _form_id(session)


def _form_id(session: Session) -> str:
    """The form most cases use (a database normally has one form family); without cases,
    the default form if it is published, else any published form."""
    row = session.execute(
        select(CaseRecord.form_id, func.count())
        .group_by(CaseRecord.form_id)
        .order_by(func.count().desc(), CaseRecord.form_id)
        .limit(1)
    ).first()
    if row is not None:
        return row[0]
    published = set(session.execute(select(FormRecord.form_id)).scalars())
    if DEFAULT_FORM_ID in published or not published:
        return DEFAULT_FORM_ID
    return min(published)


def case_conditions(request: SummaryRequest, by_registration: bool = False) -> list:
    """The SQL twin of ``isu.summary.data.case_selected``."""
    conditions = []
    if request.status is not None:
        conditions.append(CaseRecord.status == request.status)
    if request.unit is not None:
        conditions.append(CaseRecord.unit == request.unit)
    if request.coordinator_id is not None:
        conditions.append(CaseRecord.coordinator_id == request.coordinator_id)
    if request.genders:
        conditions.append(CaseRecord.gender.in_(request.genders))
    if request.age_bands:
        conditions.append(CaseRecord.age_band.in_(request.age_bands))
    if request.form_versions:
        conditions.append(CaseRecord.form_version.in_(request.form_versions))
    return conditions + _period_conditions(request, by_registration)


def _period_conditions(request: SummaryRequest, by_registration: bool = False) -> list:
    low = request.date_from.isoformat() if request.date_from else None
    high = request.date_to.isoformat() if request.date_to else None
    if low is None and high is None:
        return []
    if by_registration:  # the form has no dates for this period: the registration day
        day = func.substr(CaseRecord.created_at, 1, 10)
        return [c for c in (low and day >= low, high and day <= high) if c is not None]
    if request.period is PeriodKind.ACTIVE:
        began = func.coalesce(CaseRecord.start_date, CaseRecord.referral_date)
        conditions = [began.is_not(None)]
        if high is not None:
            conditions.append(began <= high)
        if low is not None:
            conditions.append(
                or_(CaseRecord.closure_date.is_(None), CaseRecord.closure_date >= low)
            )
        return conditions
    column = {
        PeriodKind.REFERRED: CaseRecord.referral_date,
        PeriodKind.STARTED: CaseRecord.start_date,
        PeriodKind.CLOSED: CaseRecord.closure_date,
    }[request.period]
    conditions = [column.is_not(None)]
    if low is not None:
        conditions.append(column >= low)
    if high is not None:
        conditions.append(column <= high)
    return conditions


# --- age bands from the database setting ---------------------------------------------------


def summary_age_bands(form: FormSpec, database: settings.DatabaseSettings) -> tuple[AgeBand, ...]:
    """The age bands summaries show: the database setting's when the form records an age at
    start to place cases by, else the form's own."""
    if form.by_role(AGE_AT_START_ROLE) is None:
        return form.age_bands
    return tuple(AgeBand(low, high) for low, high in sorted(database.age_bands))


@dataclass(frozen=True)
class _AgeBandPlan:
    """The spec a summary shows, and how its cases get that spec's bands: as stored at save
    time (``age_code`` None), or placed again by the age-at-start question ``age_code``,
    whose answers are stored under ``stored_codes`` (stored code → form versions)."""

    spec: FormSpec
    age_code: str | None = None
    stored_codes: tuple[tuple[str, tuple[int, ...]], ...] = ()

    def case_conditions(self, request: SummaryRequest, by_registration: bool = False) -> list:
        """The request in SQL. Cases placed again have a stale band column: their ages are
        filtered on instead."""
        if self.age_code is None or not request.age_bands:
            return case_conditions(request, by_registration)
        rest = dataclasses.replace(request, age_bands=())
        return [*case_conditions(rest, by_registration), *self._age_conditions(request)]

    def _age_conditions(self, request: SummaryRequest) -> list:
        """The SQL twin of filtering placed cases by band: an age at start whose whole
        years fall in a chosen band. ``apply`` filters again, so the two must agree."""
        age = aliased(AnswerRecord)
        chosen = [b for b in self.spec.age_bands if b.code in request.age_bands]
        in_band = [and_(age.value_num >= b.low, age.value_num < b.high + 1) for b in chosen]
        stored = [
            and_(age.code == code, age.form_version.in_(versions))
            for code, versions in self.stored_codes
        ]
        ages = select(age.case_id).where(
            age.instance == 0, or_(false(), *stored), or_(false(), *in_band)
        )
        # "+ 0": as a plain column, SQLite would probe the answers case by case from this
        # list instead of scanning them in storage order, which is slower.
        return [(CaseRecord.id + 0).in_(ages)]

    def apply(self, data: SummaryData, request: SummaryRequest) -> SummaryData:
        if self.age_code is None:
            return data
        ages = data.answers.get(self.age_code, {})
        bands = self.spec.age_bands
        cases = tuple(
            dataclasses.replace(case, age_band=_band_of(ages.get(i), bands))
            for i, case in enumerate(data.cases)
        )
        placed = dataclasses.replace(data, cases=cases)
        return placed.filtered(request) if request.age_bands else placed


def _age_band_plan(
    form: FormSpec, database: settings.DatabaseSettings, decoders: Decoders
) -> _AgeBandPlan:
    bands = summary_age_bands(form, database)
    # dataclasses.replace re-runs FormSpec.__post_init__, so the copy has its own indexes.
    spec = (
        form if _same_bands(bands, form.age_bands) else dataclasses.replace(form, age_bands=bands)
    )
    if _same_bands(bands, _stored_bands(form)):
        return _AgeBandPlan(spec)
    age_code = form.by_role(AGE_AT_START_ROLE).code
    return _AgeBandPlan(spec, age_code, _stored_codes(decoders, age_code))


def _stored_codes(decoders: Decoders, current_code: str) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """The codes a question's answers are stored under, each with the versions using it."""
    versions_of: dict[str, list[int]] = {}
    for version, table in sorted(decoders.items()):
        for stored, (target, _decode) in table.items():
            if target == current_code:
                versions_of.setdefault(stored, []).append(version)
    return tuple((code, tuple(versions)) for code, versions in versions_of.items())


def _stored_bands(form: FormSpec) -> tuple[AgeBand, ...]:
    """The bands the form's age-band question puts on the case when it is saved."""
    question = form.by_role("age_band")
    own = question.computed.bands if question is not None and question.computed else ()
    return own or form.age_bands


def _same_bands(first: tuple[AgeBand, ...], second: tuple[AgeBand, ...]) -> bool:
    return sorted((b.low, b.high) for b in first) == sorted((b.low, b.high) for b in second)


def _band_of(cell: tuple | None, bands: tuple[AgeBand, ...]) -> str | None:
    """The band of an age, as the form computes it: whole years; None outside every band."""
    age = cell[0] if cell is not None else None
    if not isinstance(age, int | float) or isinstance(age, bool):
        return None
    whole = math.floor(age)
    return next((band.code for band in bands if band.contains(whole)), None)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Hold off Python's cycle collector while loading: the answers are a million small
    tuples without cycles, and repeated collections would cost more than the fetch."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --- building and writing ---------------------------------------------------------------------


def build(
    ws: Workspace,
    request: SummaryRequest | None = None,
    *,
    today: dt.date | None = None,
    release: str | None = None,
) -> SummaryReport:
    """The raw summary (exact counts): for screens the database allows to show them. With
    ``release`` (its kind) the summary is about to leave protected: release control
    (``isu.services.releases``) checks and records its case populations first."""
    request = request or SummaryRequest()
    current = settings.load(ws)
    request_k = floor_k(request.k, current.k)  # the database's k is a floor
    with _collector_paused():
        data = load_summary_data(ws, request, setting_age_bands=True)
        report = build_summary(
            data,
            _with_k(request, request_k),
            today=today,
            unit=request.unit or current.unit,
            municipality=current.municipality,
        )
        if release is not None:
            releases.admit(ws, data, request.split, max(report.meta.k, current.k), release)
        # Freed while the collector is still off, so it never scans the million answers.
        del data
    _audit(ws, "summary_built", request, {"cases": report.meta.n_cases})
    return report


def protected(
    ws: Workspace, request: SummaryRequest | None = None, *, today: dt.date | None = None
) -> ProtectedReport:
    """The summary with small-number protection: the database's k, or a higher one the
    request asks for (a lower one is refused). A selection of 1..k-1 cases is refused."""
    report = build(ws, request, today=today, release="summary")
    return protect_report(report, report.meta.k)


def write_report(
    ws: Workspace,
    request: SummaryRequest | None,
    out: Path | str,
    fmt: str = "pdf",
    *,
    lang: str = "sv",
    today: dt.date | None = None,
) -> Path:
    """Write a protected summary as PDF, XLSX or a folder of CSV files; returns the path."""
    if fmt not in FORMATS:
        raise UserError(
            f"Okänt format: {fmt}. Välj pdf, xlsx eller csv.",
            f"Unknown format: {fmt}. Choose pdf, xlsx or csv.",
        )
    request = request or SummaryRequest()
    report = protected(ws, request, today=today)
    out = Path(out)
    if fmt == "pdf":
        from isu.reports.pdf import write_summary_pdf

        written = write_summary_pdf(report, out, lang)
    elif fmt == "xlsx":
        from isu.reports.xlsx import write_summary_xlsx

        written = write_summary_xlsx(report, out, lang)
    else:
        from isu.reports.csv import write_summary_csv

        write_summary_csv(report, out, lang)
        written = out
    _audit(
        ws,
        "summary_written",
        request,
        {"format": fmt, "file": written.name, "k": report.meta.k, "cases": report.meta.n_cases},
    )
    return written


def _with_k(request: SummaryRequest, k: int) -> SummaryRequest:
    return dataclasses.replace(request, k=k)


def _audit(ws: Workspace, action: str, request: SummaryRequest, extra: dict) -> None:
    # Queued instead when the database is read-only or the disk is full (audit.note).
    audit.note(ws, action, "summary", {"request": request.to_json_dict(), **extra})


# --- saved definitions ------------------------------------------------------------------------


@dataclass(frozen=True)
class SavedSummary:
    name: str
    request: SummaryRequest
    updated_at: str


def _check_name(name: str) -> str:
    clean = name.strip()
    if not clean or len(clean) > 200:
        raise UserError(
            "Ange ett namn (högst 200 tecken).", "Enter a name (at most 200 characters)."
        )
    return clean


def _own(session: Session, ws: Workspace, name: str) -> SavedSummaryRecord | None:
    return session.execute(
        select(SavedSummaryRecord).where(
            SavedSummaryRecord.owner_id == ws.user.id, SavedSummaryRecord.name == name
        )
    ).scalar_one_or_none()


def _stored(session: Session, ws: Workspace, name: str) -> SavedSummaryRecord:
    """The user's saved definition called ``name``; a clear error when there is none."""
    record = _own(session, ws, name.strip())
    if record is None:
        raise _not_found(name)
    return record


def save_definition(ws: Workspace, name: str, request: SummaryRequest) -> SavedSummary:
    """Save (or replace) one of the signed-in user's named summary definitions."""
    ws.require(Permission.READ_SUMMARIES)
    name = _check_name(name)
    floor_k(request.k, settings.load(ws).k)  # a definition below the floor is refused
    text = json.dumps(request.to_json_dict(), ensure_ascii=False, sort_keys=True)
    with ws.db.unit_of_work() as session:
        record = _own(session, ws, name)
        if record is None:
            record = SavedSummaryRecord(name=name, owner_id=ws.user.id, definition=text)
            session.add(record)
        else:
            record.definition = text
            record.updated_at = utcnow()
        session.flush()
        audit.append(
            session,
            ws.user.username,
            "summary_definition_saved",
            f"saved_summary:{record.id}",
            {"name": name},
        )
        return carrying(SavedSummary(name, request, record.updated_at), SUMMARIES_SAVED)


def list_definitions(ws: Workspace) -> list[SavedSummary]:
    ws.require(Permission.READ_SUMMARIES)
    with ws.db.reading() as session:
        floor = settings.load(session).k
        records = session.execute(
            select(SavedSummaryRecord)
            .where(SavedSummaryRecord.owner_id == ws.user.id)
            .order_by(SavedSummaryRecord.name)
        ).scalars()
        return [
            SavedSummary(r.name, _at_floor(_parse(r.definition), floor), r.updated_at)
            for r in records
        ]


def load_definition(ws: Workspace, name: str) -> SummaryRequest:
    """A saved definition; one saved with a k below today's floor is raised to the floor
    (``definition_was_raised`` says whether that happened)."""
    ws.require(Permission.READ_SUMMARIES)
    with ws.db.reading() as session:
        record = _stored(session, ws, name)
        return _at_floor(_parse(record.definition), settings.load(session).k)


def definition_was_raised(ws: Workspace, name: str) -> bool:
    """True when the stored definition asks for a k below the database's floor."""
    ws.require(Permission.READ_SUMMARIES)
    with ws.db.reading() as session:
        record = _stored(session, ws, name)
        stored = _parse(record.definition).k
        return stored is not None and stored < settings.load(session).k


def _at_floor(request: SummaryRequest, floor: int) -> SummaryRequest:
    raised = raise_to_floor(request.k, floor)
    return request if raised == request.k else dataclasses.replace(request, k=raised)


def delete_definition(ws: Workspace, name: str) -> Changes:
    ws.require(Permission.READ_SUMMARIES)
    with ws.db.unit_of_work() as session:
        record = _stored(session, ws, name)
        audit.append(
            session,
            ws.user.username,
            "summary_definition_deleted",
            f"saved_summary:{record.id}",
            {"name": record.name},
        )
        session.delete(record)
    return SUMMARIES_SAVED


def _parse(text: str) -> SummaryRequest:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InvalidRequest(
            "Den sparade sammanställningen går inte att läsa.",
            "The saved summary definition cannot be read.",
        ) from exc
    if not isinstance(data, dict):
        raise InvalidRequest(
            "Den sparade sammanställningen går inte att läsa.",
            "The saved summary definition cannot be read.",
        )
    return SummaryRequest.from_json_dict(data)


def _not_found(name: str) -> NotFound:
    return NotFound(
        f"Det finns ingen sparad sammanställning som heter {name!r}.",
        f"There is no saved summary called {name!r}.",
    )
