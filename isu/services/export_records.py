"""The records path of ``isu.services.exports``: from the cases' answers to anonymised
wide, long and repeat-group tables (bands, quasi-identifiers through k-anonymity with
l-diversity, export ids), plus the rules and the manifest's ``disclosure`` block.

The columns and their values follow the layout of ``isu.export.records``; this module is
the records use case around it (anonymisation, release control, ids, rules), kept apart
from ``exports`` (request, aggregate tables, the use cases); ``exports._prepare`` calls
``records_contents``; both share ``export_request``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from isu.domain.form import FormSpec, PrivacyClass
from isu.domain.text import Text
from isu.export import ids as export_ids
from isu.export import kanon, policy
from isu.export.contents import DataFile, ExportCounts, PackageContents, Variable, format_cell
from isu.export.record_variables import (
    EXPORT_ID,
    FORM_VERSION,
    GENERALISED_CODES,
    ITEM,
    ITEMS_SUFFIX,
    LONG_FILE,
    PAIR_PHASES,
    PERIOD,
    PERIOD_BASIS,
    PHASE,
    STATUS,
    WIDE_FILE,
    band_choices,
    fixed_variables,
)
from isu.export.records import Column, Layout, case_anchor, column_value, layout, year_month
from isu.services import settings
from isu.services.export_request import (
    ExportRequest,
    Generalisation,
    Prepared,
    export_plan,
    preview_of,
)
from isu.summary.data import Cell, SplitBy, SummaryData
from isu.summary.populations import Populations, populations_of_cases


def _ladders(
    built: Layout,
    age_bands: Sequence[tuple[int, int]],
    records: Sequence[Mapping[str, Any]],
    k: int,
) -> dict[str, kanon.Ladder]:
    """One ladder per quasi-identifier: bands widen, rare codes are grouped before hiding."""
    wider = _wider_bands(age_bands)
    ladders = {
        PERIOD: kanon.period_ladder(),
        STATUS: kanon.Ladder(STATUS, (lambda _value: kanon.STAR,)),
        PERIOD_BASIS: kanon.Ladder(PERIOD_BASIS, (lambda _value: kanon.STAR,)),
    }
    for name in _items_names(built):
        ladders[name] = _items_ladder(name)
    for column in built.case_columns:
        if not column.quasi:
            continue
        role = built.quasi_roles.get(column.name)
        if role == "age_band":
            ladders[column.name] = kanon.age_band_ladder(wider)
        elif role == "municipality":
            ladders[column.name] = kanon.municipality_ladder()
        elif column.bands:
            ladders[column.name] = kanon.band_ladder(column.name, column.bands)
        else:
            values = [record[column.name] for record in records]
            ladders[column.name] = kanon.rare_ladder(column.name, values, k)
    return ladders


def _quasi_names(built: Layout) -> tuple[str, ...]:
    return (*built.quasi, STATUS, PERIOD_BASIS, *_items_names(built))


def _items_names(built: Layout) -> tuple[str, ...]:
    """A repeat group's rows show, by their number, how many meetings or interventions a
    case had: that count is a quasi-identifier of its own."""
    return tuple(f"{group}{ITEMS_SUFFIX}" for group, _file, _cols in built.group_columns)


def _items_ladder(name: str) -> kanon.Ladder:
    """Exact count (the rows stay linked to the record) → band → hidden (rows unlinked)."""

    def band(value: Any) -> Any:
        return kanon.band_code(value, policy.COUNT_BANDS) if isinstance(value, int) else value

    return kanon.Ladder(name, (band, lambda _value: kanon.STAR))


def _items_variable(spec: FormSpec, group: str, name: str) -> Variable:
    repeat = spec.group(group)
    label = Text.same(group)
    if repeat is not None:
        label = Text(repeat.label.sv, repeat.label.en or repeat.label.sv)
    bands = band_choices(policy.COUNT_BANDS)
    return Variable(
        name,
        f"Antal rader: {label.sv} (exakt, intervall eller dolt)",
        f"Number of rows: {label.get('en')} (exact, band or hidden)",
        "integer",
        choices=(*bands, GENERALISED_CODES[1]),
        privacy_class=PrivacyClass.QUASI_IDENTIFIER.value,
        form_version=spec.version,
    )


def _weights(built: Layout) -> dict[str, float]:
    weights = {PERIOD: policy.WEIGHTS["period"], STATUS: policy.WEIGHTS["status"]}
    for name, role in built.quasi_roles.items():
        weights[name] = policy.WEIGHTS.get(role, 1.0)
    return weights


def _wider_bands(bands: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Under 18 and 18 and over, as wide as the unit's own bands reach."""
    young = [b for b in bands if b[1] < 18]
    adult = [b for b in bands if b[0] >= 18]
    wider = []
    if young:
        wider.append((min(b[0] for b in young), max(b[1] for b in young)))
    if adult:
        wider.append((min(b[0] for b in adult), max(b[1] for b in adult)))
    return tuple(wider) or kanon.DEFAULT_WIDER_AGE_BANDS


def _case_records(
    data: SummaryData, built: Layout, municipality: str, *, exact: bool = False
) -> list[dict[str, Any]]:
    records = []
    items: dict[str, Counter] = {
        group: Counter(index for index, _item in data.items.get(group, ()))
        for group, _file, _cols in built.group_columns
    }
    for index, case in enumerate(data.cases):
        anchor, basis = case_anchor(case)
        record: dict[str, Any] = {
            "__index": index,
            STATUS: case.status,
            FORM_VERSION: case.form_version or None,
            PERIOD: year_month(anchor),
            PERIOD_BASIS: basis or None,
        }
        for column in built.case_columns:
            cell = data.answers.get(column.question, {}).get(index)
            record[column.name] = column_value(column, cell, case, anchor, exact=exact)
        for name, role in built.quasi_roles.items():
            if role == "municipality" and record[name] is None and municipality:
                record[name] = municipality
        for group, counts in items.items():
            record[f"{group}{ITEMS_SUFFIX}"] = counts.get(index, 0)
        records.append(record)
    return records


def records_contents(
    data: SummaryData,
    request: ExportRequest,
    k: int,
    current: settings.DatabaseSettings,
    secret: bytes | None,
    admit: Callable[[Populations], None] | None = None,
) -> Prepared:
    """``admit``: release control (``isu.services.releases``), given the populations of the
    records that would leave before anything is built from them. Records allow any count
    over them, so a records file differing by 1..k−1 cases from an earlier release (any
    summary, aggregate or records export) would give those cases away by subtraction."""
    built = layout(data.spec)
    records = _case_records(data, built, current.municipality)
    quasi = _quasi_names(built)
    ladders = _ladders(built, current.age_bands, records, k)
    kept, report = kanon.kanonymize(
        records,
        quasi,
        k,
        ladders,
        sensitive=built.sensitive,
        l=request.l,
        weights=_weights(built),
    )
    if admit is not None:
        admit(populations_of_cases([data.cases[r["__index"]] for r in kept], SplitBy.NONE))
    exact = kanon.class_stats(
        _case_records(data, built, current.municipality, exact=True), quasi, built.sensitive
    )
    keys = [data.cases[r["__index"]].key for r in kept]
    id_of = export_ids.hmac_ids(keys, secret) if secret else export_ids.random_ids(keys)
    for record, key in zip(kept, keys, strict=True):
        record[EXPORT_ID] = id_of[key]
    kept.sort(key=lambda r: r[EXPORT_ID])  # row order must not reveal the case order
    fixed = fixed_variables()
    wide_names = [EXPORT_ID, STATUS, FORM_VERSION, *built.quasi, PERIOD_BASIS]
    wide_names += [*_items_names(built), *(c.name for c in built.case_columns if not c.quasi)]
    files = [DataFile.from_records(WIDE_FILE, kept, wide_names)]
    variables = {name: fixed[name] for name in (EXPORT_ID, STATUS, FORM_VERSION, PERIOD)}
    variables[PERIOD_BASIS] = fixed[PERIOD_BASIS]
    variables.update({c.name: c.variable for c in built.case_columns})
    if built.long_columns:
        files.append(_long_file(data, built, kept))
        variables[PHASE] = fixed[PHASE]
        variables.update({name: cols[0].variable for name, cols in built.long_columns})
    for group, file_name, columns in built.group_columns:
        name = f"{group}{ITEMS_SUFFIX}"
        variables[name] = _items_variable(data.spec, group, name)
        linked = report.levels.get(name, 0) == 0
        files.append(_group_file(data, group, file_name, columns, kept, linked=linked))
        variables[ITEM] = fixed[ITEM]
        variables.update({c.name: c.variable for c in columns})
    generalisations = tuple(
        Generalisation(col, level, ladders[col].height, _level_text(col, level, ladders, records))
        for col, level in report.levels.items()
    )
    texts = record_rule_texts(built, report, secret is not None, generalisations)
    rules = tuple(text.get("en") for text in texts)
    plan = export_plan(
        data,
        request,
        k,
        rules,
        municipality=current.municipality,
        unit=current.unit,
        disclosure=disclosure_summary(report, exact),
    )
    contents = PackageContents.new(
        plan=plan,
        variables=[variables[name] for name in _ordered(variables, files)],
        files=files,
        counts=ExportCounts(report.rows_out, report.generalised, report.suppressed),
    )
    preview = preview_of(
        contents,
        request,
        removed=built.removed,
        cases_in=len(records),
        suppressed=report.suppressed,
        rules=rules,
        generalised=report.generalised,
        generalisations=generalisations,
        rule_texts=texts,
        l=request.l,
        quasi=quasi,
        sensitive=built.sensitive,
        exact=exact,
        before=report.before,
        after=report.after,
    )
    return Prepared(preview, contents)


def disclosure_summary(report: kanon.KAnonReport, exact: kanon.ClassStats) -> dict[str, Any]:
    """The manifest's ``disclosure`` block: what was guaranteed, and measured on the output."""
    after = report.after or kanon.class_stats([], report.quasi)

    def stats(value: kanon.ClassStats) -> dict[str, Any]:
        return {
            "records": value.records,
            "classes": value.classes,
            "unique": value.unique,
            "smallest_class": value.smallest,
            "l": dict(sorted(value.l.items())),
        }

    return {
        "k": report.k,
        "l": report.l,
        "l_kind": "distinct",
        "quasi_identifiers": list(report.quasi),
        "sensitive": list(report.sensitive),
        "levels": {col: level for col, level in report.levels.items()},
        "before": stats(exact),
        "after": stats(after),
    }


def _level_text(
    column: str, level: int, ladders: Mapping[str, kanon.Ladder], records: Sequence[Mapping]
) -> Text:
    """What generalising ``column`` to ``level`` did, in words."""
    ladder = ladders[column]
    if level == 0:
        return Text("oförändrad", "unchanged")
    if level == ladder.height:
        return Text("dold helt (*)", "hidden entirely (*)")
    values = sorted({r[column] for r in records if r[column] is not None}, key=str)
    grouped = [v for v in values if ladder.apply(v, level) == kanon.OTHER and v != kanon.OTHER]
    if grouped:
        joined = ", ".join(format_cell(v) for v in grouped)
        return Text(f"sällsynta värden till övrigt: {joined}", f"rare values to other: {joined}")
    shown = sorted({str(ladder.apply(v, level)) for v in values})[:8]
    joined = ", ".join(shown)
    return Text(f"grövre: {joined}", f"coarser: {joined}")


def _ordered(variables: Mapping[str, Variable], files: Sequence[DataFile]) -> list[str]:
    """Codebook order: as the columns first appear in the files (only columns that appear)."""
    order: dict[str, None] = {}
    for data_file in files:
        order.update(dict.fromkeys(data_file.columns))
    return [name for name in order if name in variables]


def _long_file(data: SummaryData, built: Layout, kept: Sequence[Mapping[str, Any]]) -> DataFile:
    rows = []
    for record in kept:
        index = record["__index"]
        case = data.cases[index]
        anchor, _basis = case_anchor(case)
        for phase, position in zip(PAIR_PHASES, (0, 1), strict=True):
            if phase == "after" and not case.closed:
                continue
            row: dict[str, Any] = {EXPORT_ID: record[EXPORT_ID], PHASE: phase}
            for name, columns in built.long_columns:
                column = columns[position]
                cell = data.answers.get(column.question, {}).get(index)
                row[name] = column_value(column, cell, case, anchor)
            rows.append(row)
    names = [EXPORT_ID, PHASE, *(name for name, _cols in built.long_columns)]
    return DataFile.from_records(LONG_FILE, rows, names)


def _group_file(
    data: SummaryData,
    group: str,
    file_name: str,
    columns: Sequence[Column],
    kept: Sequence[Mapping[str, Any]],
    *,
    linked: bool = True,
) -> DataFile:
    """One row per item. Unless the per-case count of items survived k-anonymity exactly,
    the rows leave *unlinked*: no export id, no item number, sorted by content, so nobody
    can count a case's rows (the national merge then leaves them out)."""
    by_case: dict[int, list[Mapping[str, Cell]]] = {}
    for index, item in data.items.get(group, ()):
        by_case.setdefault(index, []).append(item)
    rows = []
    for record in kept:
        index = record["__index"]
        case = data.cases[index]
        anchor, _basis = case_anchor(case)
        for number, item in enumerate(by_case.get(index, ()), start=1):
            row: dict[str, Any] = {EXPORT_ID: record[EXPORT_ID], ITEM: number}
            for column in columns:
                row[column.name] = column_value(column, item.get(column.question), case, anchor)
            rows.append(row)
    names = [EXPORT_ID, ITEM, *(c.name for c in columns)]
    result = DataFile.from_records(file_name, rows, names)
    if linked:
        return result
    unlinked = sorted(("", "", *row[2:]) for row in result.rows)
    return DataFile(result.name, result.columns, tuple(unlinked))


def record_rule_texts(
    built: Layout,
    report: kanon.KAnonReport,
    stable: bool,
    generalisations: Sequence[Generalisation] = (),
) -> tuple[Text, ...]:
    """The rules a records export followed, in Swedish and English (the manifest has the
    English ones)."""

    def codes(reason: str) -> str:
        found = [r.code for r in built.removed if r.reason == reason]
        return ", ".join(found)

    def listed(sv: str, en: str, reason: str) -> Text:
        found = codes(reason)
        return Text(f"{sv}: {found or '(inga)'}", f"{en}: {found or '(none)'}")

    ids = (
        Text(
            "ärendenummer ersatta av nyckelstyrda export-id (HMAC-SHA256, hemligheten finns "
            "i databasen)",
            "case numbers replaced by keyed export ids (HMAC-SHA256, secret kept in the database)",
        )
        if stable
        else Text(
            "ärendenummer ersatta av slumpade export-id (nya i varje export)",
            "case numbers replaced by random export ids (new for every export)",
        )
    )
    quasi = ", ".join(report.quasi) or "(none)"
    texts = [
        listed(
            "direkta identifierare borttagna", "direct identifiers removed", "direct_identifier"
        ),
        listed("fritext borttagen", "free text removed", "free_text"),
        ids,
        Text(
            "födelseår och ålder lämnar bara som åldersgrupp",
            "birth year and age leave only as age band",
        ),
        Text(
            "datum som intervall av dagar från startdatum (aktualiseringsdatum om ej startat), "
            "antal som intervall; period = år-månad för det datumet",
            "dates as bands of days from the start date (referral date if not started), counts "
            "as bands; period = year-month of that date",
        ),
        Text(
            "orsak till saknat svar i kolumnerna <variabel>__missing; för indirekta "
            "identifierare i värdet",
            "missing reasons in <variable>__missing columns; for quasi-identifiers in the value",
        ),
        Text(
            f"k-anonymitet k={report.k} över {quasi}",
            f"k-anonymity k={report.k} over {quasi}",
        ),
    ]
    if report.sensitive:
        sensitive = ", ".join(report.sensitive)
        texts.append(
            Text(
                f"l-diversitet l={report.l} (olika värden per grupp) för {sensitive}",
                f"l-diversity l={report.l} (distinct values per class) for {sensitive}",
            )
        )
    for item in generalisations:
        if item.level:
            texts.append(
                Text(
                    f"generalisera {item.column} till nivå {item.level} av {item.height}: "
                    f"{item.what.sv}",
                    f"generalise {item.column} to level {item.level} of {item.height}: "
                    f"{item.what.get('en')}",
                )
            )
    texts.append(
        Text(
            f"ta bort poster i kombinationer under k eller under l ({report.suppressed})",
            f"suppress records in combinations below k or below l ({report.suppressed})",
        )
    )
    return tuple(texts)
