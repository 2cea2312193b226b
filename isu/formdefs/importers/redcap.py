"""Import a REDCap data dictionary (the CSV from "Download the current Data Dictionary").

Mapping: each instrument ("Form Name") becomes a section, and a "Section Header" starts a
new section, in the phase its instrument name points to (``phase_for``). Field types:
text → text, or date / integer / decimal by "Text Validation Type"; notes → longtext;
radio and dropdown → single; checkbox → multiple; yesno and truefalse → yesno;
slider → scale (min–max, default 0–100, with its labels as anchors); calc → computed when it
is ``sum(...)``, ``mean(...)`` or ``datediff([a],[b],"d")``. The first field (the record id)
becomes the case number. "Required Field?" → required, "Identifier?" → direct identifier,
"Field Note" → help, min/max → a constraint, branching logic → ``relevant``. Identical
choice sets used by several fields (e.g. a matrix) become one reusable choice list.
Everything else is listed in the ``ImportReport``.
"""

from __future__ import annotations

import csv
import io
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
    phase_for,
    plain_text,
    share_choice_lists,
    yes_no,
)
from isu.formdefs.importers.logic import FieldInfo, Untranslatable, mapped_choices, translate

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
_UNSUPPORTED = ("file", "sql", "descriptive")


def _rows(text: str) -> list[dict[str, str]]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = next(reader)
    except StopIteration:
        raise DocumentError("Filen är tom.", "The file is empty.") from None
    names = []
    for column in header:
        key = " ".join(column.strip().lower().split())
        names.append(next((v for k, v in _COLUMNS.items() if key.startswith(k)), key))
    if not {"name", "form", "type", "label"} <= set(names):
        raise DocumentError(
            "Filen är ingen REDCap-datadictionary (kolumnerna Variable / Field Name, Form Name,"
            " Field Type och Field Label saknas).",
            "The file is not a REDCap data dictionary (the columns Variable / Field Name, Form"
            " Name, Field Type and Field Label are missing).",
        )
    return [
        {name: (value or "").strip() for name, value in zip(names, row, strict=False)}
        for row in reader
        if any(cell.strip() for cell in row)
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

    def run(self, text: str) -> tuple[FormDocument, ImportReport]:
        rows = _rows(text)
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
        imported = len(self.document.questions())
        return self.document, ImportReport(
            self.source, len(rows), imported, tuple(self.notes.items)
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
        if not re.match(r"\s*(sum|mean)\(", text):
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
        if kind == "descriptive":
            self.notes.skip(
                name,
                "descriptive",
                "beskrivande text utan svar; importeras inte",
                "descriptive text without an answer; not imported",
            )
        else:
            self.notes.skip(
                name,
                "unsupported_type",
                f"fälttypen {kind!r} stöds inte",
                f"the field type {kind!r} is not supported",
            )

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
        self.notes.skip(
            row["name"],
            "calculation",
            f"beräkningen {text!r} kan inte översättas",
            f"the calculation {text!r} cannot be translated",
        )
        return None

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
    """A form document from a REDCap data dictionary, and what could not be mapped."""
    return RedcapImporter(source).run(text)
