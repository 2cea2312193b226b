"""The records layout of an export package, in both directions (as ``isu.db.codec`` is for
answers in the database).

Each question's privacy class decides what it becomes (``layout``): direct identifiers and
free text never leave; the case number becomes an export id; birth year and age leave only
as the age band; every date becomes a *band* of days counted from the case's start date
(from the referral date for cases that never started; bands from the form's ``day_bands``),
whole-number counts leave as bands too, and the start itself leaves only as the year-month
``period``. Other dates are *not* written as year-months on purpose: they would reveal the
period that k-anonymity may have generalised. Quasi-identifiers (``isu.export.policy``)
carry their missing codes in the value column so that generalisation covers them too.

Writing: ``column_value`` gives a column's value for one case. Reading: ``column_names``
maps the names any version of the form used to the current columns, ``read_rows`` and
``case_facts`` read a wide table back, ``answer_cells`` turns a row into answers again.
The layout is a pure function of the form, so both directions follow the same rules.
The codebook side (labels, band codes, fixed variables) is ``isu.export.record_variables``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from isu.domain.answers import Value
from isu.domain.form import FormSpec, PrivacyClass, QType, Question
from isu.domain.text import Text
from isu.errors import UserError
from isu.export import kanon, policy
from isu.export.contents import PackageContents, Variable
from isu.export.record_variables import (
    BAND_TYPE,
    DAYS_SUFFIX,
    EXPORT_ID,
    FIXED_NAMES,
    FORM_VERSION,
    GENERALISED_CODES,
    ITEMS_SUFFIX,
    MISSING_SUFFIX,
    PERIOD,
    PERIOD_BASIS,
    QUASI_ROLES,
    REFERRAL_TO_START,
    START_TO_CLOSURE,
    STATUS,
    RemovedVariable,
    band_choices,
    question_choices,
    question_missing_codes,
    removal_reason,
    removed_variable,
)
from isu.summary.data import CaseFacts, Cell

_PERIOD_TEXT = re.compile(r"^(\d{4})(?:-(\d{2})|-H([12]))?$")


class LayoutError(UserError):
    """The form's codes cannot be laid out as export columns."""


# --- the layout ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One exported column and how it is derived from its source question."""

    name: str
    question: str  # current code of the source question
    derive: str  # value | missing | option | days | quasi | referral_to_start | start_to_closure
    variable: Variable
    option: str = ""
    quasi: bool = False  # part of the k-anonymity check (missing codes in the value)
    bands: tuple[int, ...] = ()  # upper bounds: the number leaves as a band code
    sensitive: bool = False  # l-diversity applies


@dataclass(frozen=True)
class Layout:
    spec: FormSpec
    case_columns: tuple[Column, ...]  # question-derived columns of the wide table
    long_columns: tuple[tuple[str, tuple[Column, Column]], ...]  # long name → (before, after)
    group_columns: tuple[tuple[str, str, tuple[Column, ...]], ...]  # (group, file, columns)
    removed: tuple[RemovedVariable, ...]
    quasi_roles: Mapping[str, str] = field(default_factory=dict)  # quasi column → role

    @property
    def quasi(self) -> tuple[str, ...]:
        return (*(c.name for c in self.case_columns if c.quasi), PERIOD)

    @property
    def sensitive(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.case_columns if c.sensitive)

    def kept_questions(self) -> frozenset[str]:
        columns = [*self.case_columns, *(c for _g, _f, cols in self.group_columns for c in cols)]
        return frozenset(c.question for c in columns)


def layout(spec: FormSpec) -> Layout:
    """Which columns each question of ``spec`` becomes, and which questions never leave."""
    removed: list[RemovedVariable] = []
    case_columns: list[Column] = []
    quasi_roles: dict[str, str] = {}
    for question in spec.questions():
        if question.group is not None:
            continue
        reason = removal_reason(question)
        if reason is not None:
            removed.append(removed_variable(question, reason))
            continue
        columns = question_columns(spec, question, output_base(spec, question))
        case_columns += columns
        if question.role in _ROLE_DATE_COLUMNS:
            fixed = _ROLE_DATE_COLUMNS[question.role]
            removed.append(removed_variable(question, "date", fixed))
        elif question.type is QType.DATE:
            removed.append(removed_variable(question, "date", (columns[0].name,)))
        if columns[0].derive == "quasi" and question.role in QUASI_ROLES:
            quasi_roles[columns[0].name] = question.role or ""
    groups = []
    for group in spec.repeat_groups():
        columns = []
        for question in group.questions:
            reason = removal_reason(question)
            if reason is not None:
                removed.append(removed_variable(question, reason))
                continue
            columns += question_columns(spec, question, question.code)
            if question.type is QType.DATE:
                removed.append(removed_variable(question, "date", (columns[-2].name,)))
        name = group.code if group.code not in ("wide", "long") else f"group_{group.code}"
        groups.append((group.code, f"data/{name}.csv", tuple(columns)))
    built = Layout(
        spec,
        tuple(case_columns),
        _long_columns(spec, case_columns),
        tuple(groups),
        tuple(removed),
        quasi_roles,
    )
    _check_unique_names(built)
    return built


_ROLE_DATE_COLUMNS = {
    "referral_date": (REFERRAL_TO_START,),
    "start_date": (PERIOD, PERIOD_BASIS),
    "closure_date": (START_TO_CLOSURE,),
}


def output_base(spec: FormSpec, question: Question, stem: str | None = None) -> str:
    """``code``, or ``<before code>_before`` / ``_after`` for a before/after pair member."""
    for before, after in spec.pairs():
        if question.code == before.code:
            return f"{stem or before.code}_before"
        if question.code == after.code:
            return f"{stem or before.code}_after"
    return stem or question.code


def question_columns(spec: FormSpec, question: Question, base: str) -> list[Column]:
    """The columns one question becomes, named from ``base``.

    Quasi-identifiers (``isu.export.policy``) become one column that carries the value or,
    failing that, the missing code, so that generalisation covers both; dates and counts
    leave as band codes, never as exact numbers.
    """
    privacy = question.privacy.value
    version = spec.version
    label = Text(question.label.sv, question.label.en or question.label.sv)
    missing_codes = question_missing_codes(spec, question)
    quasi = policy.is_quasi(question)
    sensitive = policy.is_sensitive(question)
    day_bands = tuple(spec.day_bands)

    def column(name: str, derive: str, vtype: str, sv: str, en: str, **extra: Any) -> Column:
        option = extra.pop("option", "")
        bands = extra.pop("bands", ())
        is_quasi = extra.pop("quasi", False)
        if bands:
            vtype = BAND_TYPE
            extra["choices"] = band_choices(bands, "dagar" if bands == day_bands else "")
        if is_quasi:
            extra["missing_codes"] = missing_codes
            extra["privacy"] = PrivacyClass.QUASI_IDENTIFIER.value
            extra["choices"] = (*extra.get("choices", ()), *GENERALISED_CODES)
        variable = Variable(
            name,
            sv,
            en,
            vtype,
            privacy_class=extra.pop("privacy", privacy),
            form_version=version,
            **extra,
        )
        is_sensitive = derive == "value" and sensitive
        return Column(name, question.code, derive, variable, option, is_quasi, bands, is_sensitive)

    missing = column(
        f"{base}{MISSING_SUFFIX}",
        "missing",
        "single",
        f"{label.sv} – orsak till saknat svar",
        f"{label.en} – reason for missing answer",
        choices=missing_codes,
        privacy=PrivacyClass.NONE.value,
    )
    if question.role == "referral_date":
        days = column(
            REFERRAL_TO_START,
            "referral_to_start",
            "integer",
            "Dagar från aktualisering till start (intervall)",
            "Days from referral to start (band)",
            bands=day_bands,
            quasi=True,
        )
        return [days]
    if question.role == "start_date":
        # The start leaves as ``period`` (fixed columns of the wide table); why it is
        # missing is one more fact about the case, so it is a quasi-identifier too.
        return [
            Column(
                missing.name,
                question.code,
                "missing",
                replace(missing.variable, privacy_class=PrivacyClass.QUASI_IDENTIFIER.value),
                quasi=True,
            )
        ]
    if question.role == "closure_date":
        days = column(
            START_TO_CLOSURE,
            "start_to_closure",
            "integer",
            "Dagar från start till avslut (intervall)",
            "Days from start to closure (band)",
            bands=day_bands,
            quasi=True,
        )
        return [days]
    if question.type is QType.DATE:
        days = column(
            f"{base}{DAYS_SUFFIX}",
            "days",
            "integer",
            f"{label.sv} (dagar från start, intervall)",
            f"{label.en} (days from start, band)",
            bands=day_bands,
            quasi=quasi,
        )
        return [days] if quasi else [days, missing]
    if policy.is_count(question):
        count = column(
            base,
            "value",
            question.type.value,
            f"{label.sv} (intervall)",
            f"{label.en} (band)",
            bands=policy.COUNT_BANDS,
            quasi=quasi,
        )
        return [count] if quasi else [count, missing]
    value = column(  # a quasi-identifier's value column carries its missing codes too
        base,
        "quasi" if quasi else "value",
        question.type.value,
        label.sv,
        label.en,
        choices=question_choices(spec, question),
        missing_codes=missing_codes,
        privacy=PrivacyClass.SENSITIVE.value if sensitive else privacy,
        quasi=quasi,
    )
    if quasi:
        return [value]
    result = [value]
    if question.type is QType.MULTIPLE and question.choices is not None:
        for choice in question.choices.choices:
            result.append(
                column(
                    f"{base}__{choice.code}",
                    "option",
                    "yesno",
                    f"{label.sv}: {choice.label.sv}",
                    f"{label.en}: {choice.label.en or choice.label.sv}",
                    option=choice.code,
                )
            )
    if question.type is not QType.COMPUTED:
        result.append(missing)
    return result


def _long_columns(
    spec: FormSpec, case_columns: Sequence[Column]
) -> tuple[tuple[str, tuple[Column, Column]], ...]:
    """For each kept pair, its columns named by the before question's code."""
    by_question: dict[str, list[Column]] = {}
    for column in case_columns:
        by_question.setdefault(column.question, []).append(column)
    result = []
    for before, after in spec.pairs():
        if before.code not in by_question or after.code not in by_question:
            continue
        long_cols = question_columns(spec, before, before.code)
        for long_col, b_col, a_col in zip(
            long_cols, by_question[before.code], by_question[after.code], strict=False
        ):
            result.append((long_col.name, (_renamed(b_col, long_col), _renamed(a_col, long_col))))
    return tuple(result)


def _renamed(source: Column, target: Column) -> Column:
    return Column(target.name, source.question, source.derive, target.variable, source.option)


def _check_unique_names(built: Layout) -> None:
    """Column names must be unique across the wide and repeat-group tables and must not
    take a fixed column's name; long-table names repeat the before questions' codes."""
    names = [c.name for c in built.case_columns]
    names += [c.name for _g, _f, cols in built.group_columns for c in cols]
    seen: set[str] = set()
    clash = next((n for n in names if n in FIXED_NAMES or n in seen or seen.add(n)), None)
    if clash is None:
        wide = set(names)
        clash = next((n for n, _c in built.long_columns if n in FIXED_NAMES or n in wide), None)
    if clash is not None:
        raise LayoutError(
            f"Formulärets koder krockar med exportens kolumnnamn ({clash}); byt kod i formuläret.",
            f"The form's codes clash with the export's column names ({clash}); rename the code.",
        )


# --- writing values ------------------------------------------------------------------------


def case_anchor(case: CaseFacts) -> tuple[dt.date | None, str]:
    """The date every other date is counted from, and what it is."""
    if case.start_date is not None:
        return case.start_date, "start"
    if case.referral_date is not None:
        return case.referral_date, "referral"
    return None, ""


def column_value(
    column: Column,
    cell: Cell | None,
    case: CaseFacts,
    anchor: dt.date | None,
    *,
    exact: bool = False,
) -> Any:
    """The exported value; ``exact`` keeps day counts and counts unbanded (for measuring the
    uniqueness *before* anonymisation only — such values never leave)."""
    value = _raw_value(column, cell, case, anchor)
    if column.bands and isinstance(value, int) and not isinstance(value, bool) and not exact:
        value = kanon.band_code(value, column.bands)
    if column.quasi and value is None and cell is not None:
        value = cell[1]  # the missing code, generalised with the values
    return value


def _raw_value(column: Column, cell: Cell | None, case: CaseFacts, anchor: dt.date | None) -> Any:
    value, missing = cell if cell is not None else (None, None)
    derive = column.derive
    if derive == "value":
        return value
    if derive == "missing":
        return missing
    if derive == "quasi":
        return value if value is not None else missing
    if derive == "option":
        return None if not isinstance(value, tuple) else column.option in value
    if derive == "days":
        return _days(anchor, value)
    if derive == "referral_to_start":
        return _days(case.referral_date, case.start_date)
    if derive == "start_to_closure":
        return _days(anchor, case.closure_date)
    raise AssertionError(f"unknown derivation {derive}")


def _days(first: Any, last: Any) -> int | None:
    if isinstance(first, dt.date) and isinstance(last, dt.date):
        return (last - first).days
    return None


def year_month(day: dt.date | None) -> str | None:
    return f"{day.year:04d}-{day.month:02d}" if day is not None else None


# --- reading back --------------------------------------------------------------------------


def column_names(spec: FormSpec, built: Layout) -> dict[str, Column]:
    """Every column name a package of this form (any version) may use → the current column."""
    rename: dict[str, Column] = {}
    kept = built.kept_questions()
    pair_before = {after.code: before for before, after in spec.pairs()}
    pair_before.update({before.code: before for before, _after in spec.pairs()})
    for question in spec.questions():
        if question.code not in kept:
            continue
        naming = pair_before.get(question.code, question)
        current_base = output_base(spec, question) if question.group is None else question.code
        current = question_columns(spec, question, current_base)
        for alias in (naming.code, *naming.renamed_from):
            grouped = question.group is not None
            base = alias if grouped else output_base(spec, question, alias)
            for old, new in zip(question_columns(spec, question, base), current, strict=True):
                rename.setdefault(old.name, new)
    return rename


def read_rows(
    contents: PackageContents, name: str, rename: Mapping[str, Column], ignored: set[str]
) -> list[dict[str, str]]:
    data_file = contents.file(name)
    names = []
    for column in data_file.columns:
        if column in rename:
            names.append(rename[column].name)
        else:
            names.append(column)
            if column not in FIXED_NAMES and not column.endswith(ITEMS_SUFFIX):
                ignored.add(column)
    return [dict(zip(names, row, strict=True)) for row in data_file.rows]


def case_facts(
    number: int, row: Mapping[str, str], built: Layout, spec: FormSpec, contents: PackageContents
) -> tuple[CaseFacts, dt.date | None]:
    anchor = period_start(row.get(PERIOD, ""))
    basis = row.get(PERIOD_BASIS, "")
    to_start = band_days(row.get(REFERRAL_TO_START))
    to_close = band_days(row.get(START_TO_CLOSURE))
    start = anchor if basis == "start" else None
    if basis == "referral":
        referral = anchor
    elif start is not None and to_start is not None:
        referral = start - dt.timedelta(days=to_start)
    else:
        referral = None
    closure = anchor + dt.timedelta(days=to_close) if anchor and to_close is not None else None
    by_role = {role: name for name, role in built.quasi_roles.items()}

    def quasi(role: str) -> str | None:
        value = row.get(by_role.get(role, ""), "")
        hidden = value in GENERALISED
        return None if not value or hidden or _is_missing_code(spec, value) else value

    reason_q = spec.by_role("closure_reason")
    reason = row.get(reason_q.code, "") if reason_q else ""
    if reason in GENERALISED or _is_missing_code(spec, reason):
        reason = ""
    status = row.get(STATUS) or "ongoing"
    if status not in ("ongoing", "closed"):  # generalised away: closed if anything says so
        status = "closed" if to_close is not None or reason else "ongoing"
    facts = CaseFacts(
        key=f"{number}:{row[EXPORT_ID]}",
        status=status,
        referral_date=referral,
        start_date=start,
        closure_date=closure,
        closure_reason=reason or None,
        gender=quasi("gender"),
        age_band=quasi("age_band"),
        unit=contents.plan.unit,
        municipality=quasi("municipality") or contents.plan.municipality_code,
        form_version=to_int(row.get(FORM_VERSION)) or max(contents.plan.form_versions),
    )
    return facts, anchor


GENERALISED = frozenset({kanon.STAR, kanon.OTHER})


def band_days(text: Any) -> int | None:
    """A day count read back: exact (old packages) or the middle of its band."""
    exact = to_int(text)
    return exact if exact is not None else kanon.band_middle(text)


def period_start(text: str) -> dt.date | None:
    """The first day of an exported period: ``2024-03``, ``2024-H2``, ``2024``; else None."""
    match = _PERIOD_TEXT.match(text or "")
    if match is None:
        return None
    year, month, half = match.groups()
    if month:
        return dt.date(int(year), int(month), 1) if 1 <= int(month) <= 12 else None
    return dt.date(int(year), 7 if half == "2" else 1, 1)


def answer_cells(
    row: Mapping[str, str],
    columns: Sequence[Column],
    spec: FormSpec,
    case: CaseFacts,
    anchor: dt.date | None,
) -> dict[str, Cell]:
    by_question: dict[str, list[Column]] = {}
    for column in columns:
        by_question.setdefault(column.question, []).append(column)
    cells = {}
    for code, own in by_question.items():
        texts = [(column, row.get(column.name, "")) for column in own]
        cell = _cell(texts, spec.question(code), case, anchor)
        if cell is not None:
            cells[code] = cell
    return cells


def _cell(
    texts: Sequence[tuple[Column, str]], question: Question, case: CaseFacts, anchor: dt.date | None
) -> Cell | None:
    """One answer back from the texts of its columns; None when the case gave neither value
    nor reason."""
    missing = next((text or None for c, text in texts if c.derive == "missing"), None)
    value: Value = None
    for column, text in texts:
        if column.quasi and text in {m.code for m in column.variable.missing_codes}:
            return (None, text)
        if column.quasi and text in GENERALISED:
            return None  # generalised away: unknown, like an unanswered question
        if column.derive == "quasi":
            value = _parse(question, text)
        elif column.derive == "value" and column.bands:
            value = band_days(text)  # a count band: its middle
        elif column.derive == "value":
            value = _parse(question, text)
        elif column.derive == "days":
            days = band_days(text)
            value = anchor + dt.timedelta(days=days) if anchor and days is not None else None
        elif column.derive == "referral_to_start":
            value = case.referral_date
        elif column.derive == "start_to_closure":
            value = case.closure_date
    if question.role == "start_date":
        value = case.start_date
    if value is None and missing is None:
        return None
    return (value, missing)


def _is_missing_code(spec: FormSpec, value: str) -> bool:
    return any(m.code == value for m in spec.missing_codes)


def _parse(question: Question, text: str) -> Value:
    if text == "":
        return None
    kind = question.type
    try:
        if kind is QType.MULTIPLE:
            return tuple(text.split("|"))
        if kind is QType.YESNO:
            return {"1": True, "0": False}.get(text)
        if kind in (QType.INTEGER, QType.SCALE):
            return int(text)
        if kind is QType.DECIMAL:
            return float(text)
        if kind is QType.COMPUTED and question.role != "age_band":
            return int(text) if re.fullmatch(r"-?\d+", text) else float(text)
    except ValueError:
        return None
    return text


def to_int(text: Any) -> int | None:
    try:
        return int(text) if text not in (None, "") else None
    except (TypeError, ValueError):
        return None
