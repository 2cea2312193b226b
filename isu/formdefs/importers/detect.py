"""Which importer a file needs, found from its content (its name only breaks ties), and the
import report as lines of text for the command line.

Recognised: an XLSForm workbook (.xlsx, a zip), REDCap's data dictionary download (CSV with
``Variable / Field Name`` headers), and REDCap's API metadata export (snake_case columns
``field_name, form_name, field_type, field_label, …``) as CSV or JSON.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from isu.formdefs.document import DocumentError, FormDocument, label_text
from isu.formdefs.importers.common import ImportReport
from isu.formdefs.importers.redcap import import_redcap_csv, import_redcap_json
from isu.formdefs.importers.xlsform import import_xlsform

FORMATS: dict[str, tuple[str, str]] = {
    "xlsform": ("XLSForm", "XLSForm"),
    "redcap": ("REDCap-datadictionary", "REDCap data dictionary"),
    "redcap_api": ("REDCap API-metadata (CSV)", "REDCap API metadata (CSV)"),
    "redcap_api_json": ("REDCap API-metadata (JSON)", "REDCap API metadata (JSON)"),
}
MAX_BYTES = 20_000_000  # a data dictionary or form is kilobytes; refuse anything huge


@dataclass(frozen=True)
class ImportResult:
    document: FormDocument
    report: ImportReport
    format: str  # a key of FORMATS


def detect_format(data: bytes, name: str = "") -> str:
    if data[:4] == b"PK\x03\x04":
        return "xlsform"
    text = data[:4096].decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if text.startswith(("[", "{")) or name.lower().endswith(".json"):
        return "redcap_api_json"
    first = text.splitlines()[0].lower() if text else ""
    if "field_name" in first and "variable / field name" not in first:
        return "redcap_api"
    return "redcap"


def import_form_file(path: str | os.PathLike) -> ImportResult:
    """Import ``path`` with the importer its content calls for; ``DocumentError`` if it is
    none of the known formats (or cannot be read as one)."""
    path = Path(path)
    with path.open("rb") as stream:
        data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise DocumentError(
            f"Filen {path.name} är för stor för ett formulär (över 20 MB).",
            f"The file {path.name} is too large for a form (over 20 MB).",
        )
    fmt = detect_format(data, path.name)
    if fmt == "xlsform":
        document, report = import_xlsform(data, path.name)
        return ImportResult(document, report, fmt)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # REDCap's Excel-saved CSVs
    if fmt == "redcap_api_json":
        document, report = import_redcap_json(text, path.name)
    else:
        document, report = import_redcap_csv(text, path.name)
    return ImportResult(document, report, fmt)


_TYPE_NAMES = {
    "single": ("ett val", "single choice"),
    "multiple": ("flerval", "multiple choice"),
    "yesno": ("ja/nej", "yes/no"),
    "integer": ("heltal", "whole number"),
    "decimal": ("decimaltal", "decimal number"),
    "date": ("datum", "date"),
    "text": ("text", "text"),
    "longtext": ("lång text", "long text"),
    "scale": ("skala", "scale"),
    "computed": ("beräknad", "calculated"),
    "descriptive": ("beskrivande text", "descriptive text"),
    "repeat": ("upprepad grupp", "repeat group"),
}


def report_lines(result: ImportResult, lang: str = "sv") -> list[str]:
    """The import report: the format, what became what, what was skipped or changed and why."""
    sv = lang != "en"
    report, document = result.report, result.document
    fmt = FORMATS[result.format][0 if sv else 1]
    lines = [
        f"{report.source} ({fmt}): {report.fields} fält lästa, {report.imported} frågor och"
        f" {report.texts} beskrivande texter importerade, {len(report.skipped)} hoppades över."
        if sv
        else f"{report.source} ({fmt}): {report.fields} fields read, {report.imported} questions"
        f" and {report.texts} descriptive texts imported, {len(report.skipped)} skipped."
    ]
    lines.append("Importerat:" if sv else "Imported:")
    for path, node in document.walk():
        if node.kind not in ("question", "group"):
            continue
        kind = "repeat" if node.kind == "group" else str(node.props.get("type", ""))
        shown = _TYPE_NAMES.get(kind, (kind, kind))[0 if sv else 1]
        phase = document.phases[path[0]].label(lang)
        indent = "    " if len(path) == 4 else "  "
        text = label_text(node.props.get("label"), lang)[:60]
        lines.append(f"{indent}{node.code}: {shown} ({phase}) – {text}")
    for title_sv, title_en, notes in (
        ("Inte importerat", "Not imported", report.skipped),
        ("Importerat med ändringar", "Imported with changes", report.changed),
    ):
        if notes:
            lines.append(f"{title_sv if sv else title_en}:")
            lines += [f"  {note.text(lang)}" for note in notes]
    return lines
