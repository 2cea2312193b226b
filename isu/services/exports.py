"""Anonymised exports out of the unit (e.g. to Socialstyrelsen): preview, write, log.

Two kinds (docs/export-format.md):

* ``aggregate``: the protected group-summary tables, one tidy CSV per table
  (``tables/<key>.csv``), hidden cells written ``x`` exactly as in the PDF.
* ``records``: one row per case (``data/wide.csv``), one row per case and phase for the
  before/after pairs (``data/long.csv``) and one table per repeat group
  (``data/<group>.csv``), keyed by export id (+ item number).

Each question's privacy class drives what happens to it (``layout``): direct identifiers and
free text never leave; the case number becomes an export id; birth year and age leave only
as the age band; every date becomes a *band* of days counted from the case's start date
(from the referral date for cases that never started; bands from the form's ``day_bands``),
whole-number counts leave as bands too, and the start itself leaves only as the year-month
``period``. Other dates are *not* written as year-months on purpose: they would reveal the
period that k-anonymity may have generalised. The quasi-identifiers (``isu.export.policy``:
everything an outsider could know or link) then go through ``kanonymize`` together with
``status`` and ``period_basis``, with l-diversity for the sensitive columns; their missing
codes stay in the value column so that generalisation covers them too.

The layout is a pure function of the form, so ``isu.services.merge`` reads packages back
with the same rules.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from isu.domain.form import ComputedKind, FormSpec, PrivacyClass, QType, Question
from isu.domain.roles import Permission
from isu.domain.text import SUPPRESSED_MARK, Text
from isu.errors import UserError
from isu.export import kanon, policy
from isu.export.package import (
    CodedValue,
    DataFile,
    ExportCounts,
    ExportPlan,
    PackageContents,
    Variable,
    WrittenPackage,
    build_package_bytes,
    write_package,
)
from isu.services import anchor, audit, releases, settings, summaries
from isu.services.workspace import Workspace
from isu.summary.data import CaseFacts, Cell, PeriodKind, SummaryData, SummaryRequest
from isu.summary.disclosure import (
    MAX_K,
    MIN_K,
    ProtectedReport,
    ProtectedTable,
    floor_k,
)
from isu.summary.fmt import round_half_up
from isu.summary.model import TableKind
from isu.summary.table_protection import ProtectedCell

KINDS = ("aggregate", "records")
Progress = Callable[[int, int], None]

WIDE_FILE = "data/wide.csv"
LONG_FILE = "data/long.csv"
EXPORT_ID = "export_id"
STATUS = "status"
FORM_VERSION = "form_version"
PERIOD = "period"
PERIOD_BASIS = "period_basis"
PHASE = "phase"
ITEM = "item"
REFERRAL_TO_START = "referral_to_start_days"
START_TO_CLOSURE = "start_to_closure_days"
MISSING_SUFFIX = "__missing"
ITEMS_SUFFIX = "__items"  # wide-table column: how many rows a case has in a repeat group
DAYS_SUFFIX = "_days"
PAIR_PHASES = ("before", "after")
# Names the wide/long/group tables add themselves (the role dates' day columns are checked
# as ordinary columns, so a question with the same name still clashes).
FIXED_NAMES = frozenset({EXPORT_ID, STATUS, FORM_VERSION, PERIOD, PERIOD_BASIS, PHASE, ITEM})
QUASI_ROLES = ("gender", "age_band", "municipality")
BAND_TYPE = "band"
MIN_L, MAX_L = 2, 10


class ExportError(UserError):
    """The export cannot be made as asked (settings, period, too few cases, form codes)."""


# --- request and preview ---------------------------------------------------------------------


@dataclass(frozen=True)
class ExportRequest:
    kind: str
    date_from: dt.date
    date_to: dt.date
    k: int | None = None  # None: the database's small-number threshold
    stable_ids: bool = False  # keyed (HMAC) export ids instead of random ones
    l: int = kanon.DEFAULT_L  # noqa: E741 - distinct l-diversity of the sensitive columns

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ExportError(
                f"Okänd exporttyp: {self.kind}. Välj aggregate eller records.",
                f"Unknown export kind: {self.kind}. Choose aggregate or records.",
            )
        if not isinstance(self.date_from, dt.date) or not isinstance(self.date_to, dt.date):
            raise ExportError("Ange periodens start och slut.", "Give the period's start and end.")
        if self.date_from > self.date_to:
            raise ExportError(
                "Periodens början ligger efter dess slut.",
                "The start of the period is after its end.",
            )
        k = self.k
        if k is not None and (
            isinstance(k, bool) or not isinstance(k, int) or not MIN_K <= k <= MAX_K
        ):
            raise ExportError(
                f"k måste vara ett heltal mellan {MIN_K} och {MAX_K}.",
                f"k must be a whole number from {MIN_K} to {MAX_K}.",
            )
        l_div = self.l
        if isinstance(l_div, bool) or not isinstance(l_div, int) or not MIN_L <= l_div <= MAX_L:
            raise ExportError(
                f"l måste vara ett heltal mellan {MIN_L} och {MAX_L}.",
                f"l must be a whole number from {MIN_L} to {MAX_L}.",
            )


REMOVAL_REASONS: dict[str, tuple[str, str]] = {
    "direct_identifier": ("Direkt identifierare – tas bort", "Direct identifier – removed"),
    "free_text": ("Fritext – tas bort", "Free text – removed"),
    "case_number": (
        "Ärendenummer – ersätts av export-id",
        "Case number – replaced by the export id",
    ),
    "birth_year": ("Födelseår – lämnar bara som åldersgrupp", "Birth year – leaves as age band"),
    "age": ("Ålder – lämnar bara som åldersgrupp", "Age – leaves as age band only"),
    "unit": ("Enhet – står i manifestet", "Unit – given in the manifest"),
    "date": ("Datum – omräknat", "Date – converted"),
}


@dataclass(frozen=True)
class LeavingVariable:
    code: str
    label_sv: str
    label_en: str
    type: str
    privacy: str
    file: str


@dataclass(frozen=True)
class RemovedVariable:
    code: str
    label_sv: str
    label_en: str
    reason: str  # a key of REMOVAL_REASONS
    replaced_by: tuple[str, ...] = ()

    def reason_text(self, lang: str = "sv") -> str:
        sv, en = REMOVAL_REASONS[self.reason]
        text = sv if lang == "sv" else en
        if self.replaced_by:
            text += " → " + ", ".join(self.replaced_by)
        return text


@dataclass(frozen=True)
class Generalisation:
    column: str
    level: int
    height: int
    # What the level means, e.g. rare values grouped into "övrigt".
    what: Text = field(default_factory=lambda: Text("", ""))


@dataclass(frozen=True)
class ExportPreview:
    kind: str
    period_from: dt.date
    period_to: dt.date
    k: int
    form_id: str
    form_versions: tuple[int, ...]
    variables: tuple[LeavingVariable, ...]
    removed: tuple[RemovedVariable, ...]
    rows: tuple[tuple[str, int], ...]  # (data file, rows)
    cases_in: int  # cases selected before anonymisation
    generalisations: tuple[Generalisation, ...]
    generalised: int  # records with a coarsened quasi value (records) / 0 (aggregate)
    suppressed: int  # records left out (records) / hidden cells (aggregate)
    rules: tuple[str, ...]
    rule_texts: tuple[Text, ...] = ()  # the rules in Swedish and English, for people
    l: int = 1  # noqa: E741
    quasi: tuple[str, ...] = ()
    sensitive: tuple[str, ...] = ()
    exact: kanon.ClassStats | None = None  # on the exact values, before banding
    before: kanon.ClassStats | None = None  # after banding, before generalisation
    after: kanon.ClassStats | None = None  # what leaves

    @property
    def exportable(self) -> bool:
        return any(count for _name, count in self.rows)


@dataclass(frozen=True)
class _Prepared:
    preview: ExportPreview
    contents: PackageContents


# --- the column layout (shared with the merge) -------------------------------------------------


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
            removed.append(_removed(question, reason))
            continue
        columns = question_columns(spec, question, output_base(spec, question))
        case_columns += columns
        if question.role in _ROLE_DATE_COLUMNS:
            fixed = _ROLE_DATE_COLUMNS[question.role]
            removed.append(_removed(question, "date", fixed))
        elif question.type is QType.DATE:
            removed.append(_removed(question, "date", (columns[0].name,)))
        if columns[0].derive == "quasi" and question.role in QUASI_ROLES:
            quasi_roles[columns[0].name] = question.role or ""
    groups = []
    for group in spec.repeat_groups():
        columns = []
        for question in group.questions:
            reason = removal_reason(question)
            if reason is not None:
                removed.append(_removed(question, reason))
                continue
            columns += question_columns(spec, question, question.code)
            if question.type is QType.DATE:
                removed.append(_removed(question, "date", (columns[-2].name,)))
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


def removal_reason(question: Question) -> str | None:
    if question.role == "case_number":
        return "case_number"
    if question.privacy is PrivacyClass.DIRECT_IDENTIFIER:
        return "direct_identifier"
    if question.privacy is PrivacyClass.FREE_TEXT:
        return "free_text"
    if question.role == "birth_year":
        return "birth_year"
    if question.computed is not None and question.computed.kind is ComputedKind.AGE_AT:
        return "age"
    if question.role == "unit":
        return "unit"
    return None


def _removed(question: Question, reason: str, replaced_by: Sequence[str] = ()) -> RemovedVariable:
    return RemovedVariable(
        question.code,
        question.label.sv,
        question.label.en or question.label.sv,
        reason,
        tuple(replaced_by),
    )


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
    missing_codes = _missing_codes(spec, question)
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
    if quasi:
        return [
            column(
                base,
                "quasi",
                question.type.value,
                label.sv,
                label.en,
                choices=_choices(spec, question),
                quasi=True,
            )
        ]
    value = column(
        base,
        "value",
        question.type.value,
        label.sv,
        label.en,
        choices=_choices(spec, question),
        missing_codes=missing_codes,
        privacy=PrivacyClass.SENSITIVE.value if sensitive else privacy,
    )
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


GENERALISED_CODES = (
    CodedValue(
        kanon.OTHER, "Övrigt (sällsynta värden sammanslagna)", "Other (rare values grouped)"
    ),
    CodedValue(kanon.STAR, "Dolt (generaliserat)", "Hidden (generalised)"),
)


def band_choices(bounds: Sequence[int], unit_sv: str = "") -> tuple[CodedValue, ...]:
    """The band codes of ``bounds`` with labels, finest level, then the generalised ones."""
    codes: list[str] = ["<0"]
    low = 0
    for bound in bounds:
        codes.append(str(bound) if low == bound else f"{low}-{bound}")
        low = bound + 1
    codes.append(f">{bounds[-1]}")
    coarse = tuple(bounds[1::2]) or tuple(bounds[-1:])
    for value in (-1, 0, *(b + 1 for b in coarse)):
        code = kanon.band_code(value, coarse)
        if code not in codes:
            codes.append(code)
    days = " dagar" if unit_sv else ""
    days_en = " days" if unit_sv else ""
    choices = [
        CodedValue(code, f"{_band_text(code, 'fler än')}{days}", f"{_band_text(code, 'more than')}"
                   f"{days_en}")
        for code in codes
    ]  # fmt: skip
    return tuple(choices)


def _band_text(code: str, more: str) -> str:
    if code == "<0":
        return "under 0" if more == "fler än" else "below 0"
    if code.startswith(">"):
        return f"{more} {code[1:]}"
    return code.replace("-", "–")


def _choices(spec: FormSpec, question: Question) -> tuple[CodedValue, ...]:
    if question.type is QType.YESNO:
        return (CodedValue("1", "Ja", "Yes"), CodedValue("0", "Nej", "No"))
    if question.choices is not None:
        return tuple(
            CodedValue(c.code, c.label.sv, c.label.en or c.label.sv)
            for c in question.choices.choices
        )
    if question.role == "age_band":
        return tuple(CodedValue(b.code, b.label.sv, b.label.en) for b in spec.age_bands)
    return ()


def _missing_codes(spec: FormSpec, question: Question) -> tuple[CodedValue, ...]:
    allowed = set(question.missing) if question.missing else None
    return tuple(
        CodedValue(m.code, m.label.sv, m.label.en or m.label.sv)
        for m in spec.missing_codes
        if allowed is None or m.code in allowed
    )


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
        raise ExportError(
            f"Formulärets koder krockar med exportens kolumnnamn ({clash}); byt kod i formuläret.",
            f"The form's codes clash with the export's column names ({clash}); rename the code.",
        )


def fixed_variables() -> dict[str, Variable]:
    """The columns every records export has, whatever the form."""
    status = (
        CodedValue("ongoing", "Pågående", "Ongoing"),
        CodedValue("closed", "Avslutat", "Closed"),
    )
    basis = (
        CodedValue("start", "Startdatum", "Start date"),
        CodedValue("referral", "Aktualiseringsdatum (ej startat)", "Referral date (not started)"),
    )
    phases = (CodedValue("before", "Före", "Before"), CodedValue("after", "Efter", "After"))
    return {
        EXPORT_ID: Variable(EXPORT_ID, "Export-id", "Export id", "id", privacy_class="pseudonym"),
        STATUS: Variable(
            STATUS,
            "Status",
            "Status",
            "single",
            (*status, GENERALISED_CODES[1]),
            privacy_class=PrivacyClass.QUASI_IDENTIFIER.value,
        ),
        FORM_VERSION: Variable(FORM_VERSION, "Formulärversion", "Form version", "integer"),
        PERIOD: Variable(
            PERIOD,
            "Period (startmånad)",
            "Period (month of start)",
            "period",
            privacy_class=PrivacyClass.QUASI_IDENTIFIER.value,
        ),
        PERIOD_BASIS: Variable(
            PERIOD_BASIS,
            "Perioden avser",
            "The period refers to",
            "single",
            (*basis, GENERALISED_CODES[1]),
            privacy_class=PrivacyClass.QUASI_IDENTIFIER.value,
        ),
        PHASE: Variable(PHASE, "Fas", "Phase", "single", phases),
        ITEM: Variable(ITEM, "Nummer i listan", "Item number", "integer"),
    }


# --- values --------------------------------------------------------------------------------


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


def _year_month(day: dt.date | None) -> str | None:
    return f"{day.year:04d}-{day.month:02d}" if day is not None else None


# --- aggregate -------------------------------------------------------------------------------

TABLE_COLUMNS = (
    "table",
    "row_no",
    "row_label_sv",
    "row_label_en",
    "column_no",
    "column_label_sv",
    "column_label_en",
    "measure",
    "value",
)
MEASURES = (
    ("count", "Antal", "Count"),
    ("percent", "Andel, hela procent", "Share, whole percent"),
    ("respondents", "Antal svarande", "Respondents"),
    ("statistic", "Statistiskt mått (kolumnen anger vilket)", "Statistic (the column says which)"),
    ("median_days", "Median, dagar", "Median, days"),
    ("n", "Antal värden bakom raden", "Number of values behind the row"),
    ("table_n", "Tabellens n", "The table's n"),
    ("table_missing", "Uppgift saknas i tabellen", "Missing answers in the table"),
)
TOTAL = Text("Totalt", "Total")


def _aggregate_contents(
    report: ProtectedReport,
    request: ExportRequest,
    k: int,
    spec: FormSpec,
    versions: tuple[int, ...],
) -> _Prepared:
    files, hidden = [], 0
    tables = [t for t in report.tables() if not _from_removed_question(t.key, spec)]
    for table in tables:
        rows = list(_table_rows(table))
        hidden += sum(1 for row in rows if row[-1] == SUPPRESSED_MARK)
        files.append(DataFile(f"tables/{table.key}.csv", TABLE_COLUMNS, tuple(rows)))
    variables = _table_variables(tables)
    rule_texts = aggregate_rule_texts(k)
    rules = tuple(text.get("en") for text in rule_texts)
    form_id = spec.id
    plan = ExportPlan(
        form_id=form_id,
        form_versions=versions,
        municipality_code=report.meta.municipality,
        unit=report.meta.unit,
        period_from=request.date_from,
        period_to=request.date_to,
        kind="aggregate",
        k=k,
        rules=rules,
    )
    contents = PackageContents.new(
        plan, variables, files, ExportCounts(report.meta.n_cases, 0, hidden)
    )
    preview = ExportPreview(
        kind="aggregate",
        period_from=request.date_from,
        period_to=request.date_to,
        k=k,
        form_id=form_id,
        form_versions=versions,
        variables=_leaving(contents),
        removed=(),
        rows=tuple((f.name, len(f.rows)) for f in contents.files),
        cases_in=report.meta.n_cases,
        generalisations=(),
        generalised=0,
        suppressed=hidden,
        rules=rules,
        rule_texts=rule_texts,
    )
    return _Prepared(preview, contents)


def aggregate_rule_texts(k: int) -> tuple[Text, ...]:
    return (
        Text(
            f"bara sammanställda tabeller; antal 1..{k - 1} döljs som '{SUPPRESSED_MARK}'",
            f"aggregated tables only; counts 1..{k - 1} hidden as '{SUPPRESSED_MARK}'",
        ),
        Text(
            "sekundär röjandekontroll så att dolda celler inte kan räknas fram ur summor",
            "secondary suppression so hidden cells cannot be recomputed from totals",
        ),
        Text(
            "inga tabeller över direkta identifierare eller fritext",
            "no tables of direct identifiers or free text",
        ),
        Text(
            f"mått och andelar som bygger på färre än {k} värden döljs",
            f"statistics and percentages based on fewer than {k} values hidden",
        ),
    )


def _from_removed_question(key: str, spec: FormSpec) -> bool:
    """Tables of a direct identifier (its min and max are single persons' values) or of
    free text never leave, whatever the summary engine makes of them."""
    never = {"direct_identifier", "free_text", "case_number"}
    codes = key.split(".")[1:]
    return any(
        spec.has_question(code) and removal_reason(spec.question(code)) in never for code in codes
    )


def _table_variables(tables: Sequence[ProtectedTable]) -> list[Variable]:
    table_choices = tuple(CodedValue(t.key, t.title.sv, t.title.get("en")) for t in tables)
    measures = tuple(CodedValue(*m) for m in MEASURES)
    spec = (
        ("table", "Tabell", "Table", "single", table_choices),
        ("row_no", "Radnummer", "Row number", "integer", ()),
        ("row_label_sv", "Rad (svenska)", "Row (Swedish)", "label", ()),
        ("row_label_en", "Rad (engelska)", "Row (English)", "label", ()),
        ("column_no", "Kolumnnummer", "Column number", "integer", ()),
        ("column_label_sv", "Kolumn (svenska)", "Column (Swedish)", "label", ()),
        ("column_label_en", "Kolumn (engelska)", "Column (English)", "label", ()),
        ("measure", "Mått", "Measure", "single", measures),
        (
            "value",
            f"Värde ('{SUPPRESSED_MARK}' = dolt)",
            f"Value ('{SUPPRESSED_MARK}' = hidden)",
            "number",
            (),
        ),
    )
    return [Variable(code, sv, en, vtype, choices) for code, sv, en, vtype, choices in spec]


def _table_rows(table: ProtectedTable) -> Iterable[tuple[str, ...]]:
    key = table.key
    blank = Text("", "")

    def row(i: int, r: Text, j: int, c: Text, measure: str, value: str) -> tuple[str, ...]:
        return (key, str(i), r.sv, r.get("en"), str(j), c.sv, c.get("en"), measure, value)

    for name, figure in (("table_n", table.n), ("table_missing", table.missing)):
        yield row(0, blank, 0, blank, name, SUPPRESSED_MARK if figure is None else str(figure))
    rows, cols = len(table.row_labels), len(table.col_labels)
    if table.kind is TableKind.STATISTICS:
        for i, label in enumerate(table.row_labels, 1):
            yield row(i, label, 0, Text("n", "n"), "n", _count_text(table.bases[i - 1]))
            for j, col in enumerate(table.col_labels, 1):
                yield row(i, label, j, col, "statistic", _stat_text(table.cells[i - 1][j - 1]))
        return
    if table.kind is TableKind.VOLUME:
        yield from _volume_rows(table, row)
        return
    with_pct = table.percent.value != "none"
    grid = [
        (i, label, j, col, table.cells[i - 1][j - 1])
        for i, label in enumerate(table.row_labels, 1)
        for j, col in enumerate(table.col_labels, 1)
    ]
    if table.row_totals is not None:
        grid += [
            (i, table.row_labels[i - 1], cols + 1, TOTAL, cell)
            for i, cell in enumerate(table.row_totals, 1)
        ]
    if table.col_totals is not None:
        grid += [
            (rows + 1, TOTAL, j, table.col_labels[j - 1], cell)
            for j, cell in enumerate(table.col_totals, 1)
        ]
    if table.grand_total is not None and table.row_totals is not None:
        grid.append((rows + 1, TOTAL, cols + 1, TOTAL, table.grand_total))
    for i, r, j, c, cell in grid:
        yield row(i, r, j, c, "count", _count_text(cell))
        if with_pct:
            yield row(i, r, j, c, "percent", _percent_text(cell))
    respondents = Text("Antal svarande", "Respondents")
    for j, base in enumerate(table.bases, 1):
        yield row(
            rows + 1, respondents, j, table.col_labels[j - 1], "respondents", _count_text(base)
        )


def _volume_rows(table: ProtectedTable, row: Callable) -> Iterable[tuple[str, ...]]:
    """Count, median and the median's n per row; split, per group ("All" first)."""
    blocks = table.col_blocks or (None,)
    for i, label in enumerate(table.row_labels, 1):
        cells = table.cells[i - 1]
        for b, block in enumerate(blocks):
            count_label, median_label = (
                _in_block(block, column) for column in table.col_labels[2 * b : 2 * b + 2]
            )
            count, median = cells[2 * b], cells[2 * b + 1]
            base = table.bases[(i - 1) * len(blocks) + b]
            yield row(i, label, 2 * b + 1, count_label, "count", _count_text(count))
            yield row(i, label, 2 * b + 2, median_label, "median_days", _stat_text(median))
            yield row(i, label, 2 * b + 2, median_label, "n", _count_text(base))


def _in_block(block: Text | None, column: Text) -> Text:
    if block is None:
        return column
    return Text(f"{block.sv}: {column.sv}", f"{block.get('en')}: {column.get('en')}")


def _count_text(cell: ProtectedCell) -> str:
    if cell.hidden:
        return SUPPRESSED_MARK
    return "" if cell.value is None else str(int(cell.value))


def _stat_text(cell: ProtectedCell) -> str:
    if cell.hidden:
        return SUPPRESSED_MARK
    return "" if cell.value is None else format(round_half_up(cell.value, 2), "f")


def _percent_text(cell: ProtectedCell) -> str:
    if cell.percent_state.hidden:
        return SUPPRESSED_MARK
    return "" if cell.percent is None else str(round_half_up(cell.percent))


# --- shared pieces ---------------------------------------------------------------------------


def _plan(
    data: SummaryData,
    request: ExportRequest,
    k: int,
    current: settings.DatabaseSettings,
    kind: str,
    rules: tuple[str, ...],
) -> ExportPlan:
    return ExportPlan(
        form_id=data.spec.id,
        form_versions=data.form_versions() or (data.spec.version,),
        municipality_code=current.municipality,
        unit=current.unit,
        period_from=request.date_from,
        period_to=request.date_to,
        kind=kind,
        k=k,
        rules=rules,
    )


def _leaving(contents: PackageContents) -> tuple[LeavingVariable, ...]:
    file_of: dict[str, str] = {}
    for data_file in contents.files:
        for column in data_file.columns:
            file_of.setdefault(column, data_file.name)
    return tuple(
        LeavingVariable(v.code, v.label_sv, v.label_en, v.type, v.privacy_class, file_of[v.code])
        for v in contents.variables
    )


def _preview(
    request: ExportRequest,
    k: int,
    data: SummaryData,
    contents: PackageContents,
    removed: tuple[RemovedVariable, ...],
    cases_in: int,
    suppressed: int,
    rules: tuple[str, ...],
    generalised: int,
    generalisations: tuple[Generalisation, ...],
) -> ExportPreview:
    return ExportPreview(
        kind=request.kind,
        period_from=request.date_from,
        period_to=request.date_to,
        k=k,
        form_id=data.spec.id,
        form_versions=contents.plan.form_versions,
        variables=_leaving(contents),
        removed=removed,
        rows=tuple((f.name, len(f.rows)) for f in contents.files),
        cases_in=cases_in,
        generalisations=generalisations,
        generalised=generalised,
        suppressed=suppressed,
        rules=rules,
    )


def _summary_request(request: ExportRequest, k: int) -> SummaryRequest:
    return SummaryRequest(
        period=PeriodKind.ACTIVE, date_from=request.date_from, date_to=request.date_to, k=k
    )


def _prepare(
    ws: Workspace, request: ExportRequest, *, secret: bytes | None, progress: Progress | None
) -> _Prepared:
    ws.require(Permission.EXPORT, "export")
    step = progress or (lambda _done, _total: None)
    current = settings.load(ws)
    if not current.municipality:
        raise ExportError(
            "Ange kommunkoden i inställningarna innan du exporterar.",
            "Set the municipality code in the settings before exporting.",
        )
    k = floor_k(request.k, current.k)  # the database's k is a floor, for records too
    step(1, 4)
    data = summaries.load_summary_data(ws, _summary_request(request, k))
    step(2, 4)
    if request.kind == "records":
        from isu.services.export_records import records_contents

        def admit(populations) -> None:  # release control, as for summaries
            releases.admit_populations(ws, populations, k, "export_records")

        prepared = records_contents(data, request, k, current, secret, admit)
    else:
        report = summaries.protected(ws, _summary_request(request, k))
        versions = data.form_versions() or (data.spec.version,)
        prepared = _aggregate_contents(report, request, k, data.spec, versions)
    step(3, 4)
    return prepared


# --- the public use cases ----------------------------------------------------------------------


def preview_export(
    ws: Workspace, request: ExportRequest, progress: Progress | None = None
) -> ExportPreview:
    """What would leave, what is removed and why, row counts and k-anonymity: nothing written."""
    prepared = _prepare(ws, request, secret=None, progress=progress)
    if progress is not None:
        progress(4, 4)
    return prepared.preview


def write_export(
    ws: Workspace,
    request: ExportRequest,
    out: Path | str,
    recipient_public_key: bytes | None = None,
    progress: Progress | None = None,
) -> WrittenPackage:
    """Write the ``.isux`` package (sealed when a recipient key is given) and log it. A
    refusal is logged as ``export_refused``; an export that fails (nothing to export, a
    folder that cannot be written, a full disk) as ``export_failed``."""
    ws.require(Permission.EXPORT, "export")
    with audit.attempt(ws, "export", f"export:{request.kind}"):
        return _write_export(ws, request, out, recipient_public_key, progress)


def _write_export(
    ws: Workspace,
    request: ExportRequest,
    out: Path | str,
    recipient_public_key: bytes | None,
    progress: Progress | None,
) -> WrittenPackage:
    secret = None
    if request.stable_ids and request.kind == "records":
        with ws.db.unit_of_work() as session:
            secret = settings.export_secret(session)
    prepared = _prepare(ws, request, secret=secret, progress=progress)
    if not prepared.preview.exportable:
        raise ExportError(
            f"Inget att exportera: färre än k = {prepared.preview.k} ärenden under perioden.",
            f"Nothing to export: fewer than k = {prepared.preview.k} cases in the period.",
        )
    # The audit chain's head goes into the manifest: an export that has left the unit keeps
    # showing how long the log was (isu.services.anchor).
    anchor.update_key_file(ws)
    prepared = dataclasses.replace(
        prepared,
        contents=dataclasses.replace(prepared.contents, audit_anchor=anchor.for_manifest(ws)),
    )
    manifest_sha = _manifest_checksum(build_package_bytes(prepared.contents))
    written = write_package(Path(out), prepared.contents, recipient_public_key)
    _log(ws, request, prepared, written, manifest_sha)
    if progress is not None:
        progress(4, 4)
    return written


def _manifest_checksum(blob: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        return json.loads(archive.read("manifest.json"))["manifest_sha256"]


def _log(
    ws: Workspace,
    request: ExportRequest,
    prepared: _Prepared,
    written: WrittenPackage,
    manifest_sha: str,
) -> None:
    contents = prepared.contents
    detail = {
        "kind": request.kind,
        "period_from": request.date_from.isoformat(),
        "period_to": request.date_to.isoformat(),
        "k": contents.plan.k,
        "stable_ids": request.stable_ids,
        "rules": list(contents.plan.rules),
        "rows": contents.counts.rows,
        "generalised": contents.counts.generalised,
        "suppressed": contents.counts.suppressed,
        "files": [name for name, _count in prepared.preview.rows],
        "file": written.path.name,
        "sealed": written.sealed,
        "package_sha256": written.sha256,
        "manifest_sha256": manifest_sha,
    }
    audit.note(ws, "export_written", f"export:{written.export_id}", detail)


__all__ = [
    "ExportError",
    "ExportPreview",
    "ExportRequest",
    "Generalisation",
    "LeavingVariable",
    "RemovedVariable",
    "layout",
    "preview_export",
    "write_export",
]
