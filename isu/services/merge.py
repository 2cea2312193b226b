"""The national merge: export packages from many units in, one national summary out.

Decisions (see also docs/export-format.md):

* Only ``records`` packages are merged into numbers. Aggregate packages carry tables whose
  small cells are already hidden, and summing hidden cells cannot give exact national
  figures, so an aggregate package only appears in the table of contributing units, with a
  note saying its tables were not merged.
* All merged packages must use one form id. Packages with another form id are reported
  (``MergeResult.excluded`` and a note in the report) and left out, never merged silently.
  The form itself comes from the program's form definitions (``forms/*.yaml``) or from the
  caller; older versions' column names are mapped to current codes through ``renamed_from``.
  A package made with a newer form version than the one available is left out as well.
* The national summary is built by the same engine as a unit's own summary, from a
  ``SummaryData`` reassembled from the packages' wide and repeat-group tables (the long table
  repeats the wide table's pairs). The national form is the form without the questions that
  never leave a unit (direct identifiers, free text, birth year, age, unit), so data-quality
  tables do not report them as unanswered. Dates come back relative to the first day of the
  exported period (a month when not generalised): day intervals and medians are exact,
  calendar dates are known to the month only, and a case whose period was generalised to
  "alla" has no dates. The report is protected with ``k`` (default the largest k used by a
  package, at least 5).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from isu.domain.form import FormSpec, Question, RepeatGroup
from isu.domain.text import Text
from isu.errors import FormError, IsuError, UserError
from isu.export.contents import ExportPlan, PackageContents
from isu.export.package import read_package
from isu.export.record_variables import EXPORT_ID, ITEM, WIDE_FILE
from isu.export.records import (
    Column,
    Layout,
    answer_cells,
    case_anchor,
    case_facts,
    column_names,
    layout,
    read_rows,
    to_int,
)
from isu.formdefs import load_form
from isu.paths import forms_dir
from isu.summary.builders import frequency_table
from isu.summary.data import CaseFacts, Cell, ItemRow, SummaryData, SummaryRequest
from isu.summary.disclosure import ProtectedReport, floor_k, protect_report
from isu.summary.engine import build_summary
from isu.summary.model import PercentBase, ReportMeta, SummaryReport
from isu.summary.model import Section as ReportSection

DEFAULT_K = 5


class PackageUnreadable(UserError):
    """One of the packages cannot be opened or read; ``cause`` is the original error."""

    def __init__(self, path: Path, cause: IsuError):
        self.cause = cause
        super().__init__(
            f"{path.name}: {cause.message('sv')}",
            f"{path.name}: {cause.message('en')}",
        )


@dataclass(frozen=True)
class ContributingUnit:
    file: str
    plan: ExportPlan  # the unit, its municipality, period, form and package kind
    n: int  # records exported (records) / cases the tables cover (aggregate)
    merged: bool  # its records are in the national numbers
    export_id: str


@dataclass(frozen=True)
class Excluded:
    file: str
    reason: Text


@dataclass(frozen=True)
class MergeResult:
    form_id: str | None
    units: tuple[ContributingUnit, ...]
    excluded: tuple[Excluded, ...]
    notes: tuple[Text, ...]
    data: SummaryData | None  # the national record-level data (None: no records packages)
    report: SummaryReport  # raw tables, the contributing units first
    protected: ProtectedReport  # what may be written
    ignored_columns: tuple[str, ...] = ()  # columns no current question explains


# --- entry point -----------------------------------------------------------------------------


def merge_packages(
    paths: Sequence[str | os.PathLike],
    private_key: bytes | None = None,
    passphrase: bytes | str | None = None,
    *,
    k: int | None = None,
    today: dt.date | None = None,
    form_specs: Sequence[FormSpec] | None = None,
) -> MergeResult:
    if not paths:
        raise UserError("Ange minst ett exportpaket.", "Give at least one export package.")
    today = today or dt.date.today()
    packages = [(Path(p), _read(Path(p), private_key, passphrase)) for p in paths]
    records = [(p, c) for p, c in packages if c.plan.kind == "records"]
    form_id = _main_form_id(records)
    spec, excluded = _form_for(form_id, records, form_specs)
    merged = [(p, c) for p, c in records if spec is not None and not _excluded(p, excluded)]
    notes = list(_notes(packages, excluded))
    data, ignored = (None, ())
    if merged and spec is not None:
        data, ignored = summary_data_from_packages([c for _p, c in merged], spec)
    units = tuple(_unit(p, c, any(p == m for m, _c in merged)) for p, c in packages)
    k = floor_k(k, max([DEFAULT_K, *(c.plan.k for _p, c in packages)]))  # never lower
    report = _national_report(data, units, notes, k, today, form_id)
    return MergeResult(
        form_id=form_id,
        units=units,
        excluded=tuple(excluded),
        notes=tuple(notes),
        data=data,
        report=report,
        protected=protect_report(report, k),
        ignored_columns=tuple(ignored),
    )


def write_merge_outputs(
    result: MergeResult,
    pdf: str | os.PathLike | None = None,
    xlsx: str | os.PathLike | None = None,
    lang: str = "sv",
) -> list[Path]:
    """The protected national summary as PDF and/or XLSX (same layout as a unit's summary)."""
    written = []
    if pdf is not None:
        from isu.reports.pdf import write_summary_pdf

        written.append(write_summary_pdf(result.protected, pdf, lang))
    if xlsx is not None:
        from isu.reports.xlsx import write_summary_xlsx

        written.append(write_summary_xlsx(result.protected, xlsx, lang))
    return written


def _read(path: Path, private_key: bytes | None, passphrase: bytes | str | None):
    try:
        return read_package(path, private_key, passphrase=passphrase)
    except IsuError as exc:
        raise PackageUnreadable(path, exc) from exc


def _excluded(path: Path, excluded: Sequence[Excluded]) -> bool:
    return any(e.file == path.name for e in excluded)


# --- forms -----------------------------------------------------------------------------------


def _main_form_id(records: Sequence[tuple[Path, PackageContents]]) -> str | None:
    counts = Counter(c.plan.form_id for _p, c in records)
    return counts.most_common(1)[0][0] if counts else None


def available_forms() -> list[FormSpec]:
    """The form definitions shipped with the program."""
    specs = []
    for path in sorted(forms_dir().glob("*.yaml")):
        try:
            specs.append(load_form(path))
        except FormError:
            continue  # a broken file is not this merge's business
    return specs


def _form_for(
    form_id: str | None,
    records: Sequence[tuple[Path, PackageContents]],
    form_specs: Sequence[FormSpec] | None,
) -> tuple[FormSpec | None, list[Excluded]]:
    excluded = []
    for path, contents in records:
        if contents.plan.form_id != form_id:
            excluded.append(
                Excluded(
                    path.name,
                    Text(
                        f"annat formulär ({contents.plan.form_id}, inte {form_id}); "
                        "ej sammanslaget",
                        f"another form ({contents.plan.form_id}, not {form_id}); not merged",
                    ),
                )
            )
    if form_id is None:
        return None, excluded
    candidates = [s for s in (form_specs or available_forms()) if s.id == form_id]
    spec = max(candidates, key=lambda s: s.version) if candidates else None
    for path, contents in records:
        if contents.plan.form_id != form_id or _excluded(path, excluded):
            continue
        if spec is None or max(contents.plan.form_versions) > spec.version:
            have = f"version {spec.version}" if spec else "ingen version"
            have_en = f"version {spec.version}" if spec else "no version"
            excluded.append(
                Excluded(
                    path.name,
                    Text(
                        f"formuläret {form_id} version {max(contents.plan.form_versions)} är "
                        f"okänt här ({have}); ej sammanslaget",
                        f"form {form_id} version {max(contents.plan.form_versions)} is unknown "
                        f"here ({have_en}); not merged",
                    ),
                )
            )
    return spec, excluded


def national_spec(spec: FormSpec, built: Layout | None = None) -> FormSpec:
    """The form without the questions that never leave a unit."""
    kept = (built or layout(spec)).kept_questions()

    def keep_item(item: Question | RepeatGroup) -> Question | RepeatGroup | None:
        if isinstance(item, RepeatGroup):
            questions = tuple(q for q in item.questions if q.code in kept)
            return dataclasses.replace(item, questions=questions) if questions else None
        return item if item.code in kept else None

    phases = []
    for phase in spec.phases:
        sections = []
        for section in phase.sections:
            items = tuple(i for i in (keep_item(x) for x in section.items) if i is not None)
            if items:
                sections.append(dataclasses.replace(section, items=items))
        phases.append(dataclasses.replace(phase, sections=tuple(sections)))
    return dataclasses.replace(spec, phases=tuple(phases))


# --- packages → SummaryData -----------------------------------------------------------------


def summary_data_from_packages(
    packages: Sequence[PackageContents], spec: FormSpec
) -> tuple[SummaryData, list[str]]:
    """National record-level data from records packages of one form; also the column names
    that no current question explains (answers to removed questions)."""
    built = layout(spec)
    rename = column_names(spec, built)
    groups = {group: columns for group, _file, columns in built.group_columns}
    files_of_group = {group: file for group, file, _columns in built.group_columns}
    cases: list[CaseFacts] = []
    answers: dict[str, dict[int, Cell]] = {}
    items: dict[str, list[tuple[int, int, dict[str, Cell]]]] = {}
    asked: dict[str, set[int]] = {}
    ignored: set[str] = set()
    for number, contents in enumerate(packages):
        wide = read_rows(contents, WIDE_FILE, rename, ignored)
        offset = len(cases)
        index_of: dict[str, int] = {}
        present = {rename[c].question for c in _columns_of(contents, rename)}
        for code in present:
            asked.setdefault(code, set()).update(contents.plan.form_versions)
        for row_number, row in enumerate(wide):
            index = offset + row_number
            index_of[row[EXPORT_ID]] = index
            facts, anchor = case_facts(number, row, built, spec, contents)
            cases.append(facts)
            for code, cell in answer_cells(row, built.case_columns, spec, facts, anchor).items():
                answers.setdefault(code, {})[index] = cell
        for group, columns in groups.items():
            file_name = files_of_group[group]
            if not any(f.name == file_name for f in contents.files):
                continue
            for row in read_rows(contents, file_name, rename, ignored):
                index = index_of.get(row[EXPORT_ID])
                if index is None:
                    continue
                anchor = case_anchor(cases[index])[0]
                cells = answer_cells(row, columns, spec, cases[index], anchor)
                items.setdefault(group, []).append((index, to_int(row.get(ITEM)) or 0, cells))
    national = national_spec(spec, built)
    all_versions = frozenset(v for c in packages for v in c.plan.form_versions)
    asked_in = {code: frozenset(v) for code, v in asked.items() if frozenset(v) != all_versions}
    item_rows: dict[str, list[ItemRow]] = {
        group: [(index, cells) for index, _n, cells in sorted(rows, key=lambda r: r[:2])]
        for group, rows in items.items()
    }
    # The codes some package has a column for: skip logic reading any other code is unknown.
    carried = frozenset(asked)
    data = SummaryData(national, tuple(cases), answers, item_rows, {}, asked_in, carried)
    return data, sorted(ignored)


def _columns_of(contents: PackageContents, rename: Mapping[str, Column]) -> list[str]:
    return [c for f in contents.files for c in f.columns if c in rename]


# --- the report ------------------------------------------------------------------------------

UNITS_TITLE = Text("Bidragande enheter", "Contributing units")
AGGREGATE_NOTE = Text(
    "Enheter som skickat färdiga tabeller (aggregat) ingår inte i siffrorna: deras små tal är "
    "redan dolda och kan inte summeras exakt. Exakta nationella siffror kräver paket på "
    "individnivå (records).",
    "Units that sent ready-made tables (aggregate) are not in the figures: their small numbers "
    "are already hidden and cannot be added up exactly. Exact national figures need "
    "record-level (records) packages.",
)
DATES_NOTE = Text(
    "Datum är kända på månaden när (eller grövre om perioden generaliserats). Antal dagar "
    "och antal (t.ex. möten) kommer som intervall och räknas här som intervallets mitt, så "
    "medianer av dagar är ungefärliga. Generaliserade värden (* och övrigt) räknas som "
    "okända, och rader i listor (insatser, möten) som inte får knytas till sitt ärende ingår "
    "inte.",
    "Dates are known to the month (or coarser where the period was generalised). Numbers of "
    "days and counts (e.g. meetings) come as bands and are taken here as the band's middle, so "
    "medians of days are approximate. Generalised values (* and other) count as unknown, and "
    "list rows (interventions, meetings) that may not be linked to their case are left out.",
)


def _unit(path: Path, contents: PackageContents, merged: bool) -> ContributingUnit:
    return ContributingUnit(
        path.name, contents.plan, contents.counts.rows, merged, contents.export_id
    )


def _notes(
    packages: Sequence[tuple[Path, PackageContents]], excluded: Sequence[Excluded]
) -> list[Text]:
    notes = []
    if any(c.plan.kind == "aggregate" for _p, c in packages):
        notes.append(AGGREGATE_NOTE)
    for item in excluded:
        notes.append(Text(f"{item.file}: {item.reason.sv}", f"{item.file}: {item.reason.en}"))
    if any(c.plan.kind == "records" for _p, c in packages):
        notes.append(DATES_NOTE)
    return notes


def _units_table(units: Sequence[ContributingUnit]):
    labels = []
    for unit in units:
        suffix = (" – endast tabeller", " – tables only") if not unit.merged else ("", "")
        if unit.plan.kind == "records" and not unit.merged:
            suffix = (" – ej sammanslagen", " – not merged")
        plan = unit.plan
        base = f"{plan.unit or '–'} ({plan.municipality_code}), {plan.period_from}–{plan.period_to}"
        labels.append(Text(base + suffix[0], base + suffix[1]))
    return frequency_table(
        "units.contributing",
        UNITS_TITLE,
        labels,
        [unit.n for unit in units],
        col_labels=(Text("Ärenden", "Cases"),),
        percent=PercentBase.NONE,
    )


def _national_report(
    data: SummaryData | None,
    units: Sequence[ContributingUnit],
    notes: Sequence[Text],
    k: int,
    today: dt.date,
    form_id: str | None,
) -> SummaryReport:
    intro = Text(" ".join(n.sv for n in notes), " ".join(n.en for n in notes)) if notes else None
    units_section = ReportSection("units", UNITS_TITLE, (_units_table(units),), intro)
    period_from = min(u.plan.period_from for u in units)
    period_to = max(u.plan.period_to for u in units)
    municipalities = {u.plan.municipality_code for u in units}
    title = Text("Nationell sammanställning", "National summary")
    if data is None:
        meta = ReportMeta(
            title=title,
            unit=f"{len(units)} enheter",
            municipality=municipalities.pop() if len(municipalities) == 1 else "",
            period_from=period_from,
            period_to=period_to,
            n_cases=0,
            created=today,
            form_id=form_id or "",
            k=k,
        )
        return SummaryReport(meta, (units_section,))
    # No date filter: the packages were already cut to their periods, and reconstructed
    # dates are only month-exact, so filtering again could drop cases at the edges.
    report = build_summary(data, SummaryRequest(k=k), today=today)
    meta = dataclasses.replace(
        report.meta,
        title=Text(
            f"{title.sv} – {data.spec.title.sv}",
            f"{title.en} – {data.spec.title.en or data.spec.title.sv}",
        ),
        unit=f"{sum(1 for u in units if u.merged)} enheter",
        municipality=municipalities.pop() if len(municipalities) == 1 else "",
        period_from=period_from,
        period_to=period_to,
    )
    return SummaryReport(meta, (units_section, *report.sections))


__all__ = [
    "ContributingUnit",
    "Excluded",
    "MergeResult",
    "PackageUnreadable",
    "available_forms",
    "merge_packages",
    "national_spec",
    "summary_data_from_packages",
    "write_merge_outputs",
]
