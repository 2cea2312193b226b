"""Import a REDCap data dictionary: the CSV from "Download the current Data Dictionary", or
the API's metadata export (snake_case columns ``field_name, form_name, field_type, …``) as
CSV or JSON.

Mapping: each instrument ("Form Name") becomes a section, and a "Section Header" starts a
new section, in the phase its instrument name points to (``phase_for``). Field types:
text → text, or date / integer / decimal by "Text Validation Type"; notes → longtext;
radio and dropdown → single; checkbox → multiple; yesno and truefalse → yesno;
slider → scale (min–max, default 0–100, with its labels as anchors); descriptive → a
descriptive text (no answer); calc → computed when it is ``sum(...)``, ``mean(...)``,
``datediff([a],[b],"d")`` or arithmetic over number fields (``[a] / ([b] * [b])``, optionally
inside ``round(…, n)``), which becomes ``kind: expression``. The first field (the record id)
becomes the case number. "Required Field?" → required, "Identifier?" → direct identifier,
"Field Note" → help, min/max → a constraint, branching logic → ``relevant``. Identical
choice sets used by several fields (e.g. a matrix) become one reusable choice list.
Everything else is listed in the ``ImportReport``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import PurePath

from isu.domain import expr
from isu.formdefs.document import (
    PHASES,
    DocumentError,
    FormDocument,
    Node,
    is_code,
    new_section,
    slug,
    unique_code,
)
from isu.formdefs.importers.common import (
    ImportReport,
    NoteList,
    free_dateless_phases,
    phase_for,
    plain_text,
    share_choice_lists,
    yes_no,
)
from isu.formdefs.importers.logic import (
    FieldInfo,
    Untranslatable,
    is_plain_arithmetic,
    mapped_choices,
    number_expression_problem,
    scope_from_fields,
    split_round,
    translate,
)

_COLUMNS = {
    "variable / field name": "name",
    "form name": "form",
    "section header": "section",
    "field type": "type",
    "field label": "label",
    "choices, calculations, or slider labels": "choices",
    "field note": "note",
    "text validation type or show slider number": "validation",
    "text validation min": "min",
    "text validation max": "max",
    "identifier?": "identifier",
    "branching logic (show field only if...)": "branching",
    "required field?": "required",
    "matrix group name": "matrix",
    "matrix ranking?": "ranking",
    "field annotation": "annotation",
}
_SIMPLE_TYPES = {
    "notes": "longtext",
    "radio": "single",
    "dropdown": "single",
    "checkbox": "multiple",
    "yesno": "yesno",
    "truefalse": "yesno",
    "slider": "scale",
    "calc": "computed",
    "descriptive": "descriptive",
}
_VALIDATION_TYPES = {
    "date_ymd": "date",
    "date_dmy": "date",
    "date_mdy": "date",
    "integer": "integer",
    "number": "decimal",
    "number_1dp": "decimal",
    "number_2dp": "decimal",
    "number_1dp_comma_decimal": "decimal",
    "number_2dp_comma_decimal": "decimal",
    "number_comma_decimal": "decimal",
}
_DATETIME_TYPES = (
    "datetime_ymd",
    "datetime_dmy",
    "datetime_mdy",
    "datetime_seconds_ymd",
    "datetime_seconds_dmy",
    "datetime_seconds_mdy",
)
# The API's metadata export names the same columns in snake_case.
_API_COLUMNS = {
    "field_name": "name",
    "form_name": "form",
    "section_header": "section",
    "field_type": "type",
    "field_label": "label",
    "select_choices_or_calculations": "choices",
    "field_note": "note",
    "text_validation_type_or_show_slider_number": "validation",
    "text_validation_min": "min",
    "text_validation_max": "max",
    "identifier": "identifier",
    "branching_logic": "branching",
    "required_field": "required",
    "matrix_group_name": "matrix",
    "matrix_ranking": "ranking",
    "field_annotation": "annotation",
}


def _column_name(column: str) -> str:
    key = " ".join(str(column).strip().lower().split())
    if key in _API_COLUMNS:
        return _API_COLUMNS[key]
    return next((v for k, v in _COLUMNS.items() if key.startswith(k)), key)


def _check_columns(names: list[str]) -> None:
    if not {"name", "form", "type", "label"} <= set(names):
        raise DocumentError(
            "Filen är ingen REDCap-datadictionary (kolumnerna Variable / Field Name, Form Name,"
            " Field Type och Field Label, eller field_name, form_name, field_type och"
            " field_label, saknas).",
            "The file is not a REDCap data dictionary (the columns Variable / Field Name, Form"
            " Name, Field Type and Field Label, or field_name, form_name, field_type and"
            " field_label, are missing).",
        )


def _rows(text: str) -> list[dict[str, str]]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = next(reader)
    except StopIteration:
        raise DocumentError("Filen är tom.", "The file is empty.") from None
    names = [_column_name(column) for column in header]
    _check_columns(names)
    return [
        {name: (value or "").strip() for name, value in zip(names, row, strict=False)}
        for row in reader
        if any(cell.strip() for cell in row)
    ]


def _json_rows(text: str) -> list[dict[str, str]]:
    """The API's metadata export as JSON: a list of objects with the snake_case keys."""
    try:
        records = json.loads(text.lstrip("\ufeff"))
    except (ValueError, RecursionError):  # RecursionError: nested deeper than any export
        raise DocumentError("Filen är inte giltig JSON.", "The file is not valid JSON.") from None
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise DocumentError(
            "JSON-filen är ingen lista av fält (REDCap:s metadataexport).",
            "The JSON file is not a list of fields (REDCap's metadata export).",
        )
    if not records:
        raise DocumentError("Filen är tom.", "The file is empty.")
    _check_columns([_column_name(key) for key in records[0]])
    return [
        {_column_name(k): str(v if v is not None else "").strip() for k, v in record.items()}
        for record in records
    ]


def parse_choices(text: str) -> list[tuple[str, str]]:
    """``"1, Yes | 0, No"`` → [("1", "Yes"), ("0", "No")]."""
    result = []
    for part in text.split("|"):
        if not part.strip():
            continue
        code, comma, label = part.partition(",")
        if not comma:
            code, label = slug(part) or part.strip(), part
        result.append((code.strip(), plain_text(label)))
    return result


class RedcapImporter:
    def __init__(self, source: str):
        self.source = source
        self.notes = NoteList()
        stem = PurePath(source).stem
        self.document = FormDocument.empty(slug(stem) or "imported_form")
        self.document.header["title"] = stem or "Import"
        for phase in self.document.phases:
            phase.children.clear()
        self.fields: dict[str, FieldInfo] = {}
        self.taken: set[str] = set()
        self.pending: list[tuple[Node, str, str, str]] = []  # node, key, their text, name
        self.matrix_names: dict[str, str] = {}
        self.as_scale: set[str] = set()

    def run(self, rows: list[dict[str, str]]) -> tuple[FormDocument, ImportReport]:
        for index, row in enumerate(rows):
            self.field_info(row, first=index == 0)
        for row in rows:
            self.scored_items(row)
        section: Node | None = None
        current_form = None
        for index, row in enumerate(rows):
            if row.get("form") != current_form or row.get("section"):
                current_form = row.get("form")
                section = self.new_section(row)
            assert section is not None
            node = self.question(row, first=index == 0)
            if node is not None:
                section.children.append(node)
        self.translate_rules()
        share_choice_lists(self.document, self.matrix_names)
        free_dateless_phases(self.document, self.notes)
        imported = len(self.document.answered_questions())
        texts = len(self.document.questions()) - imported
        return self.document, ImportReport(
            self.source, len(rows), imported, tuple(self.notes.items), texts
        )

    # -- fields ----------------------------------------------------------------------------------
    def our_code(self, name: str) -> str:
        if is_code(name) and name not in self.taken:
            return name
        return unique_code(
            f"{slug(name) or 'field'}_q" if name in expr.KEYWORDS else name, self.taken
        )

    def field_info(self, row: dict[str, str], first: bool) -> None:
        name = row.get("name", "")
        code = self.our_code(name)
        self.taken.add(code)
        qtype = self.our_type(row, first)
        choices = (
            mapped_choices([c for c, _ in parse_choices(row.get("choices", ""))])
            if qtype in ("single", "multiple")
            else {}
        )
        self.fields[name] = FieldInfo(code, qtype or "", choices)

    def scored_items(self, row: dict[str, str]) -> None:
        """Choice fields summed by a calc (e.g. PHQ items coded 0–3) become scales, since our
        sums need numbers; only when their codes are consecutive whole numbers."""
        if row.get("type", "").lower() != "calc":
            return
        text = row.get("choices", "").lower()
        summed = re.match(r"\s*(sum|mean)\(", text)
        if not summed and not is_plain_arithmetic(text, _REF_RE):
            return
        names = re.findall(r"\[([a-z][a-z0-9_]*)\]", text)
        infos = [self.fields.get(name) for name in names]
        if all(info is not None and _consecutive(info) for info in infos):
            for name, info in zip(names, infos, strict=True):
                assert info is not None
                self.fields[name] = FieldInfo(info.code, "scale", info.choices)
                self.as_scale.add(name)

    def our_type(self, row: dict[str, str], first: bool) -> str | None:
        kind = row.get("type", "").lower()
        if first and kind == "text":
            return "text"
        if kind == "text":
            return (
                _VALIDATION_TYPES.get(row.get("validation", "").lower(), "text")
                if row.get("validation", "").lower() not in _DATETIME_TYPES
                else "date"
            )
        return _SIMPLE_TYPES.get(kind)

    def new_section(self, row: dict[str, str]) -> Node:
        form = row.get("form", "") or "form"
        title = plain_text(row.get("section", "")) or form.replace("_", " ").capitalize()
        code = unique_code(slug(title) or "section", self.document.section_codes() | self.taken)
        section = new_section(code)
        section.props["title"] = title
        phase = phase_for(form)
        self.document.phases[PHASES.index(phase)].children.append(section)
        return section

    def question(self, row: dict[str, str], first: bool) -> Node | None:
        name = row.get("name", "")
        info = self.fields[name]
        kind = row.get("type", "").lower()
        if not info.qtype:
            self.skip_type(name, kind)
            return None
        if info.code != name:
            self.notes.change(
                name,
                "renamed_code",
                f"koden blev {info.code} (vårt format kräver snake_case)",
                f"the code became {info.code} (our format needs snake_case)",
            )
        if info.qtype == "descriptive":
            return self.descriptive(row, info)
        props: dict = {"code": info.code, "type": info.qtype}
        props["label"] = plain_text(row.get("label", "")) or info.code
        if first:
            props.update(role="case_number", privacy="direct_identifier", required=True, missing=[])
        elif yes_no(row.get("required")):
            props["required"] = True
        if yes_no(row.get("identifier")) and not first:
            props["privacy"] = "direct_identifier"
        if row.get("note"):
            props["help"] = plain_text(row["note"])
        if info.qtype == "computed":
            compute = self.calc(row)
            if compute is None:
                return None
            props["compute"] = compute
        node = Node("question", props)
        self.type_details(node, row, info)
        self.extra_notes(row, info)
        if row.get("branching"):
            self.pending.append((node, "relevant", row["branching"], name))
        return node

    def skip_type(self, name: str, kind: str) -> None:
        self.notes.skip(
            name,
            "unsupported_type",
            f"fälttypen {kind!r} stöds inte",
            f"the field type {kind!r} is not supported",
        )

    def descriptive(self, row: dict[str, str], info: FieldInfo) -> Node | None:
        """A descriptive field becomes a descriptive text; one with no text (an image or a
        video only) is skipped, and its branching logic is dropped (the text always shows)."""
        text = plain_text(row.get("label", ""))
        name = row["name"]
        if not text:
            self.notes.skip(
                name,
                "descriptive_empty",
                "beskrivande fält utan text (bild eller video) importeras inte",
                "a descriptive field without text (an image or a video) is not imported",
            )
            return None
        if row.get("branching"):
            self.notes.change(
                name,
                "descriptive_branching",
                f"villkoret {row['branching']!r} tas bort; texten visas alltid",
                f"the branching logic {row['branching']!r} is dropped; the text always shows",
            )
        return Node("question", {"code": info.code, "type": "descriptive", "label": text})

    def type_details(self, node: Node, row: dict[str, str], info: FieldInfo) -> None:
        qtype = info.qtype
        if qtype in ("single", "multiple"):
            changed = [f"{k} → {v}" for k, v in info.choices.items() if k != v]
            if changed:
                self.notes.change(
                    row["name"],
                    "choice_code",
                    f"valkoder ändrade: {', '.join(changed)}",
                    f"choice codes changed: {', '.join(changed)}",
                )
            node.props["choices"] = [
                # A repeated field name can leave another row's codes here; keep the raw code
                # rather than fail (the loader then reports what is wrong with it).
                {"code": info.choices.get(code, code), "label": label or code}
                for code, label in parse_choices(row.get("choices", ""))
            ]
        elif qtype == "scale":
            self.slider(node, row)
        elif row.get("min") or row.get("max"):
            self.limits(node, row, info)
        validation = row.get("validation", "").lower()
        if validation in _DATETIME_TYPES:
            self.notes.change(
                row["name"],
                "time_dropped",
                "tiden tas bort; bara datumet sparas",
                "the time is dropped; only the date is kept",
            )
        elif row.get("type") == "text" and validation and validation not in _VALIDATION_TYPES:
            self.notes.change(
                row["name"],
                "validation",
                f"valideringen {validation!r} finns inte; importeras som fritext",
                f"the validation {validation!r} does not exist here; imported as free text",
            )

    def slider(self, node: Node, row: dict[str, str]) -> None:
        if row["name"] in self.as_scale:
            self.choices_as_scale(node, row)
            return
        low = int(row["min"]) if row.get("min", "").lstrip("-").isdigit() else 0
        high = int(row["max"]) if row.get("max", "").lstrip("-").isdigit() else 100
        node.props.update({"min": low, "max": high})
        labels = [plain_text(p) for p in row.get("choices", "").split("|")]
        points = {3: [low, (low + high) // 2, high], 2: [low, high], 1: [low]}.get(len(labels))
        if points and any(labels):
            node.props["anchors"] = [
                {"value": value, "label": label}
                for value, label in zip(points, labels, strict=True)
                if label
            ]

    def choices_as_scale(self, node: Node, row: dict[str, str]) -> None:
        choices = parse_choices(row.get("choices", ""))
        values = [int(code) for code, _ in choices]
        node.props.update({"min": min(values), "max": max(values)})
        node.props["anchors"] = [
            {"value": int(code), "label": label} for code, label in choices if label
        ]
        self.notes.change(
            row["name"],
            "choices_as_scale",
            "svarsalternativen summeras och blir därför en skala med samma värden",
            "the choices are summed, so they become a scale with the same values",
        )

    def calc(self, row: dict[str, str]) -> dict | None:
        """The computation for a calc field, or None (noted) when it cannot be translated."""
        text = " ".join(row.get("choices", "").split())
        refs = re.findall(r"\[([a-z][a-z0-9_]*)\]", text)
        codes = [self.fields[r].code for r in refs if r in self.fields]
        call = re.fullmatch(r"(sum|mean)\((\s*\[[a-z0-9_]+\]\s*,?)+\)", text.lower())
        diff = re.fullmatch(
            r"datediff\(\s*\[[a-z0-9_]+\]\s*,\s*\[[a-z0-9_]+\]\s*,\s*['\"]d['\"]"
            r"(\s*,\s*\w+)?\s*\)",
            text.lower(),
        )
        if call and codes and len(codes) == len(refs):
            return {"kind": call.group(1), "items": codes}
        if diff and len(codes) == 2:
            return {"kind": "days_between", "from": codes[0], "to": codes[1]}
        return self.arithmetic(row["name"], text)

    def arithmetic(self, name: str, text: str) -> dict | None:
        """``[a] / ([b] * [b])`` (optionally ``round(…, n)``) as ``kind: expression``, or
        None with the reason noted."""
        body, decimals = split_round(text)
        try:
            translated = translate(body, self.fields.get)
            problem = number_expression_problem(translated, scope_from_fields(self.fields))
        except Untranslatable as why:
            problem = (why.sv, why.en)
        if problem is not None:
            self.notes.skip(
                name,
                "calculation",
                f"beräkningen {text!r} kan inte översättas ({problem[0]})",
                f"the calculation {text!r} cannot be translated ({problem[1]})",
            )
            return None
        compute: dict = {"kind": "expression", "expression": translated}
        if decimals is not None:
            compute["decimals"] = decimals
        return compute

    def limits(self, node: Node, row: dict[str, str], info: FieldInfo) -> None:
        parts, ok = [], True
        for key, op in (("min", ">="), ("max", "<=")):
            value = row.get(key, "")
            if not value:
                continue
            if info.qtype in ("integer", "decimal") and re.fullmatch(r"-?\d+(\.\d+)?", value):
                parts.append(f". {op} {value}")
            elif info.qtype == "date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                parts.append(f". {op} '{value}'")
            elif info.qtype == "date" and value.lower() in ("today", "now"):
                parts.append(f". {op} today()")
            else:
                ok = False
        if parts:
            node.props["constraint"] = " and ".join(parts)
            node.props["constraint_message"] = _limit_message(row.get("min"), row.get("max"))
        if not ok:
            self.notes.change(
                row["name"],
                "validation",
                "min/max kunde inte översättas",
                "min/max could not be translated",
            )

    def extra_notes(self, row: dict[str, str], info: FieldInfo) -> None:
        name = row["name"]
        if row.get("matrix"):
            self.matrix_names[info.code] = slug(row["matrix"]) or info.code
            shown, shown_en = {
                "multiple": ("flervalsfråga", "multiple-choice"),
                "scale": ("skalfråga", "scale"),
            }.get(info.qtype, ("envalsfråga", "single-choice"))
            self.notes.change(
                name,
                "matrix",
                f"ingår i matrisen {row['matrix']}; importeras som egen {shown}",
                f"part of the matrix {row['matrix']}; imported as its own {shown_en} question",
            )
        if row.get("annotation"):
            tag = row["annotation"][:60]
            self.notes.change(
                name,
                "annotation",
                f"anteckningen/action tag {tag!r} importeras inte",
                f"the annotation/action tag {tag!r} is not imported",
            )

    # -- logic -----------------------------------------------------------------------------------
    def translate_rules(self) -> None:
        paths = {id(node): path for path, node in self.document.walk()}
        for node, key, text, name in self.pending:
            path = paths[id(node)]
            try:
                translated = translate(text, self.fields.get)
            except Untranslatable as why:
                self.rule_dropped(name, text, why.sv, why.en)
                continue
            error = self.document.check_expression(path, key, translated)
            if error is not None:
                self.rule_dropped(name, text, error.sv, error.en)
            else:
                node.props[key] = translated

    def rule_dropped(self, name: str, text: str, sv: str, en: str) -> None:
        self.notes.change(
            name,
            "branching",
            f"villkoret {text!r} kunde inte översättas ({sv}); frågan visas alltid",
            f"the branching logic {text!r} could not be translated ({en}); the"
            " question is always shown",
        )


_REF_RE = re.compile(r"\[[a-z][a-z0-9_]*\]")


def _consecutive(info: FieldInfo) -> bool:
    if info.qtype != "single" or not info.choices:
        return False
    if not all(re.fullmatch(r"\d+", code) for code in info.choices):
        return False
    values = sorted(int(code) for code in info.choices)
    return values == list(range(values[0], values[0] + len(values)))


def _limit_message(low: str | None, high: str | None) -> dict[str, str]:
    if low and high:
        return {
            "sv": f"Värdet ska ligga mellan {low} och {high}.",
            "en": f"The value must be between {low} and {high}.",
        }
    if low:
        return {"sv": f"Värdet ska vara minst {low}.", "en": f"The value must be at least {low}."}
    return {"sv": f"Värdet ska vara högst {high}.", "en": f"The value must be at most {high}."}


def import_redcap_csv(text: str, source: str = "redcap.csv") -> tuple[FormDocument, ImportReport]:
    """A form document from a REDCap data dictionary (the download or the API's metadata
    export as CSV), and what could not be mapped."""
    return RedcapImporter(source).run(_rows(text))


def import_redcap_json(text: str, source: str = "redcap.json") -> tuple[FormDocument, ImportReport]:
    """The same from the API's metadata export as JSON."""
    return RedcapImporter(source).run(_json_rows(text))
