"""Anonymised exports out of the unit (e.g. to Socialstyrelsen): preview, write, log.

Two kinds (docs/export-format.md):

* ``aggregate``: the protected group-summary tables, one tidy CSV per table
  (``tables/<key>.csv``), hidden cells written ``x`` exactly as in the PDF.
* ``records``: one row per case (``data/wide.csv``), one row per case and phase for the
  before/after pairs (``data/long.csv``) and one table per repeat group
  (``data/<group>.csv``), keyed by export id (+ item number).

The records layout (what each question becomes, and how it is read back) is
``isu.export.records``; the records path itself (k-anonymity with l-diversity, export ids,
the wide, long and repeat-group files) is ``isu.services.export_records``; an aggregate
table's rows are ``isu.reports.table_csv``.
"""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile
from collections.abc import Sequence
from pathlib import Path

from isu.domain.form import FormSpec
from isu.domain.roles import Permission
from isu.domain.text import SUPPRESSED_MARK, Text
from isu.export.contents import (
    CodedValue,
    DataFile,
    ExportCounts,
    PackageContents,
    Variable,
    WrittenPackage,
)
from isu.export.package import build_package_bytes, write_package
from isu.export.record_variables import removal_reason
from isu.reports.table_csv import MEASURES, TABLE_COLUMNS, table_rows
from isu.services import anchor, audit, releases, settings, summaries
from isu.services.export_records import records_contents
from isu.services.export_request import (
    MAX_L,
    MIN_L,
    ExportError,
    ExportPreview,
    ExportRequest,
    Generalisation,
    LeavingVariable,
    Prepared,
    Progress,
    export_plan,
    preview_of,
)
from isu.services.workspace import Workspace
from isu.summary.data import PeriodKind, SummaryData, SummaryRequest
from isu.summary.disclosure import (
    ProtectedReport,
    ProtectedTable,
    floor_k,
)

# --- aggregate -------------------------------------------------------------------------------


def _aggregate_contents(
    report: ProtectedReport, request: ExportRequest, k: int, data: SummaryData
) -> Prepared:
    files, hidden = [], 0
    tables = [t for t in report.tables() if not _from_removed_question(t.key, data.spec)]
    for table in tables:
        rows = list(table_rows(table))
        hidden += sum(1 for row in rows if row[-1] == SUPPRESSED_MARK)
        files.append(DataFile(f"tables/{table.key}.csv", TABLE_COLUMNS, tuple(rows)))
    rule_texts = aggregate_rule_texts(k)
    rules = tuple(text.get("en") for text in rule_texts)
    meta = report.meta
    plan = export_plan(data, request, k, rules, municipality=meta.municipality, unit=meta.unit)
    counts = ExportCounts(meta.n_cases, 0, hidden)
    contents = PackageContents.new(plan, _table_variables(tables), files, counts)
    preview = preview_of(
        contents,
        request,
        removed=(),
        cases_in=meta.n_cases,
        generalisations=(),
        generalised=0,
        suppressed=hidden,
        rules=rules,
        rule_texts=rule_texts,
    )
    return Prepared(preview, contents)


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


# --- shared pieces ---------------------------------------------------------------------------


def _summary_request(request: ExportRequest, k: int) -> SummaryRequest:
    return SummaryRequest(
        period=PeriodKind.ACTIVE, date_from=request.date_from, date_to=request.date_to, k=k
    )


def _prepare(
    ws: Workspace, request: ExportRequest, *, secret: bytes | None, progress: Progress | None
) -> Prepared:
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

        def admit(populations) -> None:  # release control, as for summaries
            releases.admit_populations(ws, populations, k, "export_records")

        prepared = records_contents(data, request, k, current, secret, admit)
    else:
        report = summaries.protected(ws, _summary_request(request, k))
        prepared = _aggregate_contents(report, request, k, data)
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
    prepared: Prepared,
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
    "MAX_L",
    "MIN_L",
    "ExportError",
    "ExportPreview",
    "ExportRequest",
    "Generalisation",
    "LeavingVariable",
    "preview_export",
    "write_export",
]
