"""Import an XLSForm workbook (sheets ``survey``, ``choices`` and ``settings``).

Mapping: ``select_one L`` → single and ``select_multiple L`` → multiple with the reusable
choice list ``L`` (also the old spellings ``select one from L`` / ``select all that apply
from L``; ``… L or_other`` adds the choice ``other`` and a text question ``<code>_other``
shown when it is chosen); the choices sheet's ``list_name`` may be spelled ``list name``;
``note`` → a descriptive text; integer, decimal, date, text (``appearance: multiline`` →
longtext); ``range`` → scale (start/end, step 1); ``calculate`` → computed: a plain sum
(``${a} + ${b}``) or mean (``(${a} + ${b}) div 2``), else any arithmetic over number
questions as ``kind: expression`` (``round(x, n)`` → ``decimals``); ``begin_group`` at the
top level → a section in the phase its name or label points to (``phase_for``; nested groups become
sections of their own); ``begin_repeat`` → a repeat group. Labels, hints and constraint
messages are read per language from ``label::Swedish (sv)`` / ``label::English (en)`` style
columns (a plain ``label`` serves both). ``relevant`` and ``constraint`` are translated
(``${v} = 'x'``, ``selected(${v}, 'x')``, …). Everything else is listed in the report.
"""

from __future__ import annotations

import os
import re
from pathlib import PurePath
from typing import Any

from isu.domain import expr
from isu.formdefs.document import (
    PHASES,
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
    choice_code,
    free_dateless_phases,
    phase_for,
    yes_no,
)
from isu.formdefs.importers.logic import (
    FieldInfo,
    Untranslatable,
    number_expression_problem,
    scope_from_fields,
    split_round,
    translate,
)
from isu.formdefs.importers.xlsform_sheets import (
    OTHER_CHOICE,
    Sheet,
    label_of,
    parse_type,
    read_workbook,
)

_SIMPLE = {
    "integer": "integer",
    "decimal": "decimal",
    "date": "date",
    "text": "text",
    "range": "scale",
    "calculate": "computed",
    "acknowledge": "yesno",
    "datetime": "date",
}
_METADATA = {
    "start",
    "end",
    "today",
    "deviceid",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
    "caseid",
    "start-geopoint",
}
_UNSUPPORTED_COLUMNS = ("choice_filter", "default", "repeat_count", "read_only", "trigger")
_STRUCTURE = {"begin_group", "end_group", "begin_repeat", "end_repeat"}


class XlsFormImporter:
    def __init__(self, source: str):
        self.source = source
        self.notes = NoteList()
        self.document = FormDocument.empty()
        for phase in self.document.phases:
            phase.children.clear()
        self.fields: dict[str, FieldInfo] = {}
        self.taken: set[str] = set()
        self.lists: dict[str, list[dict[str, Any]]] = {}
        self.list_ids: dict[str, str] = {}
        self.pending: list[tuple[Node, str, str, str]] = []
        self.sections: list[Node] = []  # open groups that are sections
        self.repeat: Node | None = None
        self.stack: list[str] = []  # "section", "flat" or "repeat" per open begin_*
        self.section: Node | None = None
        self.rows = 0
        self.other_codes: dict[str, str] = {}  # select … or_other: field → its text question
        self.other_lists: dict[str, str] = {}  # … and → its list with the choice "other"

    def run(self, sheets: dict[str, Sheet]) -> tuple[FormDocument, ImportReport]:
        self.settings(sheets.get("settings"))
        self.choices(sheets.get("choices"))
        survey = sheets["survey"].rows
        for row in survey:
            self.field_info(row)
        for row in survey:
            self.row(row)
        self.document.choice_lists = {self.list_ids[n]: c for n, c in self.lists.items()}
        self.translate_rules()
        used = self.used_lists()
        self.document.choice_lists = {
            list_id: choices
            for list_id, choices in self.document.choice_lists.items()
            if list_id in used
        }
        free_dateless_phases(self.document, self.notes)
        imported = len(self.document.answered_questions())
        texts = len(self.document.questions()) - imported
        return self.document, ImportReport(
            self.source, self.rows, imported, tuple(self.notes.items), texts, len(self.other_codes)
        )

    # -- settings and choices --------------------------------------------------------------------
    def settings(self, sheet: Sheet | None) -> None:
        row = sheet.rows[0] if sheet and sheet.rows else {}
        stem = PurePath(self.source).stem
        self.document.header["id"] = slug(str(row.get("form_id", ""))) or slug(stem) or "imported"
        title = label_of(row, "form_title") or stem or "Import"
        self.document.header["title"] = title
        version = str(row.get("version", "")).strip()
        if version.isdigit() and 1 <= int(version) <= 100_000:
            self.document.header["version"] = int(version)
        elif version:
            self.notes.change(
                "settings.version",
                "version",
                f"versionen {version!r} är ingen liten heltalsversion; satt till 1",
                f"the version {version!r} is not a small whole number; set to 1",
            )

    def choices(self, sheet: Sheet | None) -> None:
        for row in sheet.rows if sheet else []:
            name, code = row.get("list_name", row.get("list name")), row.get("name")
            if name is None or code is None:
                continue
            name = str(name).strip()
            raw = str(code).strip()
            if isinstance(code, float) and code.is_integer():
                raw = str(int(code))
            entry = {"code": choice_code(raw), "label": label_of(row, "label") or raw, "_raw": raw}
            self.lists.setdefault(name, []).append(entry)
        for name in self.lists:
            stem = slug(name) or "list"
            self.list_ids[name] = unique_code(stem, set(self.list_ids.values()))
        for name, entries in self.lists.items():
            changed = [f"{e['_raw']} → {e['code']}" for e in entries if e["_raw"] != e["code"]]
            if changed:
                self.notes.change(
                    f"choices.{name}",
                    "choice_code",
                    f"valkoder ändrade: {', '.join(changed)}",
                    f"choice codes changed: {', '.join(changed)}",
                )

    def used_lists(self) -> set[str]:
        return {
            n.props["choices"]
            for _, n in self.document.questions()
            if isinstance(n.props.get("choices"), str)
        }

    # -- rows ------------------------------------------------------------------------------------
    def kind(self, row: dict[str, Any]) -> tuple[str, str | None]:
        """('select_one', 'list') / ('integer', None) / ('begin_group', None) …"""
        kind, list_name, _ = parse_type(row.get("type", ""))
        return kind, list_name

    def field_info(self, row: dict[str, Any]) -> None:
        kind, list_name = self.kind(row)
        name = str(row.get("name", "")).strip()
        if not name or kind in _STRUCTURE:
            return
        code = (
            name
            if is_code(name) and name not in self.taken
            else unique_code(f"{slug(name)}_q" if name in expr.KEYWORDS else name, self.taken)
        )
        self.taken.add(code)
        qtype = {"select_one": "single", "select_multiple": "multiple"}.get(kind) or _SIMPLE.get(
            kind, ""
        )
        if kind == "text" and "multiline" in str(row.get("appearance", "")):
            qtype = "longtext"
        if kind == "note":
            qtype = "descriptive"
        if parse_type(row.get("type", ""))[2] and list_name in self.lists:
            list_name = self.add_other_choice(list_name)
            self.other_lists[name] = list_name
            self.other_codes[name] = unique_code(f"{code}_other", self.taken)
            self.taken.add(self.other_codes[name])
        choices = {e["_raw"]: e["code"] for e in self.lists.get(list_name or "", [])}
        self.fields[name] = FieldInfo(code, qtype, choices)

    def add_other_choice(self, list_name: str) -> str:
        """The list plus the choice ``other``, as a list of its own (``L or_other``), so
        questions using ``L`` without or_other keep their choices; returns its name."""
        derived = f"{list_name} or_other"
        if derived not in self.lists:
            entries = [dict(entry) for entry in self.lists[list_name]]
            if not any(entry["code"] == "other" for entry in entries):
                entries.append(dict(OTHER_CHOICE))
            self.lists[derived] = entries
            taken = set(self.list_ids.values())
            self.list_ids[derived] = unique_code(f"{self.list_ids[list_name]}_or_other", taken)
        return derived

    def row(self, row: dict[str, Any]) -> None:
        kind, list_name = self.kind(row)
        name = str(row.get("name", "")).strip()
        if kind in _STRUCTURE:
            self.structure(kind, row, name)
            return
        if not kind:
            return
        self.rows += 1
        node = self.question(row, kind, list_name, name)
        if node is None:
            return
        if node.props.get("type") == "descriptive" and self.repeat is not None:
            self.text_before_repeat(node, name)
        elif self.repeat is not None:
            self.repeat.children.append(node)
        else:
            self.current_section().children.append(node)
        if name in self.other_codes:
            self.or_other(node, name)

    def text_before_repeat(self, node: Node, name: str) -> None:
        """Descriptive texts live in sections: a note inside a repeat goes just before it."""
        section = self.current_section()
        section.children.insert(section.children.index(self.repeat), node)
        self.notes.change(
            name,
            "note_in_repeat",
            "noteringen ligger i en upprepning; den visas före upprepningen",
            "the note is inside a repeat; it is shown before the repeat",
        )

    def or_other(self, node: Node, name: str) -> None:
        """``select_one L or_other``: the choice ``other`` plus a text question shown when
        it is chosen (what pyxform generates as ``<name>_other``)."""
        code = node.code
        chosen = (
            f"{code} = 'other'"
            if node.props["type"] == "single"
            else (f"selected({code}, 'other')")
        )
        other = Node(
            "question",
            {
                "code": self.other_codes[name],
                "type": "text",
                "label": {"sv": "Ange annat", "en": "Specify other"},
                "relevant": chosen,
            },
        )
        holder = self.repeat if self.repeat is not None else self.current_section()
        holder.children.append(other)
        self.notes.change(
            name,
            "or_other",
            f"or_other: valet 'other' och textfrågan {other.code} lades till",
            f"or_other: the choice 'other' and the text question {other.code} were added",
        )

    def current_section(self) -> Node:
        if self.section is None:
            self.section = self.add_section("main", "Frågor", "before")
        return self.section

    def add_section(self, name: str, title: Any, phase: str) -> Node:
        code = unique_code(slug(name) or "section", self.document.section_codes() | self.taken)
        section = new_section(code)
        section.props["title"] = title
        self.document.phases[PHASES.index(phase)].children.append(section)
        return section

    def structure(self, kind: str, row: dict[str, Any], name: str) -> None:
        if kind == "begin_group":
            self.begin_group(row, name)
        elif kind == "begin_repeat":
            self.begin_repeat(row, name)
        elif self.stack:
            closing = self.stack.pop()
            if closing == "repeat":
                self.repeat = None
            elif closing == "section" and not self.stack:
                self.section = None

    def begin_group(self, row: dict[str, Any], name: str) -> None:
        label = label_of(row, "label") or name
        if self.repeat is not None:
            self.stack.append("flat")  # a group inside a repeat: its questions join the repeat
            self.notes.change(
                name,
                "nested_group",
                "gruppen ligger i en upprepning; dess frågor läggs direkt i upprepningen",
                "the group is inside a repeat; its questions go straight into the repeat",
            )
            return
        nested = "section" in self.stack
        phase = self.current_phase() if nested else phase_for(name, _plain(label))
        self.section = self.add_section(name, label, phase)
        if nested:
            self.notes.change(
                name,
                "nested_group",
                "grupper i grupper blir egna avsnitt",
                "groups inside groups become sections of their own",
            )
        self.stack.append("section")
        if row.get("relevant"):
            self.pending.append((self.section, "relevant", str(row["relevant"]), name))

    def current_phase(self) -> str:
        for index, phase in enumerate(self.document.phases):
            if self.section in phase.children:
                return PHASES[index]
        return "before"

    def begin_repeat(self, row: dict[str, Any], name: str) -> None:
        if self.repeat is not None:
            self.stack.append("flat")
            self.notes.change(
                name,
                "nested_repeat",
                "upprepningar i upprepningar stöds inte; frågorna läggs i den yttre upprepningen",
                "repeats inside repeats are not supported; the questions join the outer repeat",
            )
            return
        code = self.fields.get(name, FieldInfo(name, "")).code if name in self.fields else None
        code = code or unique_code(name or "repeat", self.taken)
        self.taken.add(code)
        group = Node(
            "group", {"code": code, "type": "repeat", "label": label_of(row, "label") or name}
        )
        self.current_section().children.append(group)
        self.repeat = group
        self.stack.append("repeat")
        if row.get("relevant"):
            self.pending.append((group, "relevant", str(row["relevant"]), name))
        self.column_notes(row, name)

    def question(
        self, row: dict[str, Any], kind: str, list_name: str | None, name: str
    ) -> Node | None:
        info = self.fields.get(name)
        if info is None or not info.qtype:
            self.skip(name or kind, kind)
            return None
        if info.code != name:
            self.notes.change(
                name,
                "renamed_code",
                f"koden blev {info.code} (vårt format kräver snake_case)",
                f"the code became {info.code} (our format needs snake_case)",
            )
        if info.qtype == "descriptive":
            return self.note(row, info, name)
        props: dict[str, Any] = {"code": info.code, "type": info.qtype}
        props["label"] = label_of(row, "label") or info.code
        if info.qtype in ("single", "multiple"):
            list_name = self.other_lists.get(name, list_name)
            if list_name not in self.lists:
                self.notes.skip(
                    name,
                    "missing_list",
                    f"vallistan {list_name!r} finns inte",
                    f"the choice list {list_name!r} does not exist",
                )
                return None
            props["choices"] = self.list_ids[list_name or ""]
        if yes_no(row.get("required")) and info.qtype != "computed":
            props["required"] = True
        hint = label_of(row, "hint")
        if hint:
            props["help"] = hint
        if not self.type_details(props, row, kind, name):
            return None
        node = Node("question", props)
        for key in ("relevant", "constraint"):
            if row.get(key):
                self.pending.append((node, key, str(row[key]), name))
        message = label_of(row, "constraint_message")
        if message and row.get("constraint"):
            props["constraint_message"] = message
        self.column_notes(row, name)
        return node

    def note(self, row: dict[str, Any], info: FieldInfo, name: str) -> Node | None:
        """A note becomes a descriptive text; its ``relevant`` is dropped (always shown)."""
        label = label_of(row, "label")
        if not label:
            self.notes.skip(
                name,
                "note_empty",
                "noteringen har ingen text (bara bild eller media) och importeras inte",
                "the note has no text (only an image or media) and is not imported",
            )
            return None
        if row.get("relevant"):
            self.notes.change(
                name,
                "note_relevant",
                f"villkoret {row['relevant']!r} tas bort; texten visas alltid",
                f"the relevant rule {row['relevant']!r} is dropped; the text always shows",
            )
        if "${" in _plain(label):
            self.notes.change(
                name,
                "note_reference",
                "texten visar fältvärden (${…}); de visas som de är skrivna",
                "the text shows field values (${…}); they are shown as written",
            )
        return Node("question", {"code": info.code, "type": "descriptive", "label": label})

    def type_details(
        self, props: dict[str, Any], row: dict[str, Any], kind: str, name: str
    ) -> bool:
        if kind == "range":
            return self.range(props, row, name)
        if kind == "calculate":
            text = str(row.get("calculation", ""))
            compute = self.calculation(text)
            why = ("", "")
            if compute is None:
                compute, why = self.arithmetic(text)
            if compute is None:
                self.notes.skip(
                    name,
                    "calculation",
                    f"beräkningen {text!r} kan inte översättas ({why[0]})",
                    f"the calculation {text!r} cannot be translated ({why[1]})",
                )
                return False
            props["compute"] = compute
            props.setdefault("label", name)
        elif kind == "acknowledge":
            self.notes.change(
                name,
                "acknowledge",
                "bekräftelse blir en ja/nej-fråga",
                "an acknowledgement becomes a yes/no question",
            )
        elif kind == "datetime":
            self.notes.change(
                name,
                "time_dropped",
                "tiden tas bort; bara datumet sparas",
                "the time is dropped; only the date is kept",
            )
        return True

    def range(self, props: dict[str, Any], row: dict[str, Any], name: str) -> bool:
        params = dict(
            part.split("=", 1) for part in str(row.get("parameters", "")).split() if "=" in part
        )
        try:
            low, high = int(params.get("start", 1)), int(params.get("end", 10))
            step = int(params.get("step", 1))
        except ValueError:
            step, low, high = 0, 0, 0
        if step != 1 or not 0 < high - low <= 100:
            self.notes.skip(
                name,
                "range",
                "bara heltalsintervall med steg 1 stöds",
                "only whole-number ranges with step 1 are supported",
            )
            return False
        props.update({"min": low, "max": high})
        return True

    def calculation(self, text: str) -> dict[str, Any] | None:
        refs = re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}", text)
        if not refs or any(r not in self.fields for r in refs):
            return None
        codes = [self.fields[r].code for r in refs]
        ref = r"\s*\$\{[A-Za-z_][A-Za-z0-9_.-]*\}\s*"
        if re.fullmatch(rf"{ref}(\+{ref})+", text):
            return {"kind": "sum", "items": codes}
        mean = re.fullmatch(rf"\s*\(({ref}(\+{ref})+)\)\s*div\s*(\d+)\s*", text)
        if mean and int(mean.group(3)) == len(codes):
            return {"kind": "mean", "items": codes}
        return None

    def arithmetic(self, text: str) -> tuple[dict[str, Any] | None, tuple[str, str]]:
        """Any arithmetic over number questions as ``kind: expression``, or why not."""
        if not text.strip():
            return None, ("ingen beräkning angiven", "no calculation given")
        body, decimals = split_round(text)
        try:
            translated = translate(body, self.fields.get)
        except Untranslatable as why:
            return None, (why.sv, why.en)
        problem = number_expression_problem(translated, scope_from_fields(self.fields))
        if problem is not None:
            return None, problem
        compute: dict[str, Any] = {"kind": "expression", "expression": translated}
        if decimals is not None:
            compute["decimals"] = decimals
        return compute, ("", "")

    def skip(self, name: str, kind: str) -> None:
        if kind in _METADATA:
            self.notes.skip(
                name,
                "metadata",
                f"metadatafältet {kind} samlas inte in här",
                f"the metadata field {kind} is not collected here",
            )
        else:
            self.notes.skip(
                name,
                "unsupported_type",
                f"frågetypen {kind!r} stöds inte",
                f"the question type {kind!r} is not supported",
            )

    def column_notes(self, row: dict[str, Any], name: str) -> None:
        for column in _UNSUPPORTED_COLUMNS:
            if row.get(column) not in (None, ""):
                self.notes.change(
                    name,
                    column,
                    f"{column} stöds inte och ignoreras",
                    f"{column} is not supported and is ignored",
                )

    # -- logic -----------------------------------------------------------------------------------
    def translate_rules(self) -> None:
        paths = {id(node): path for path, node in self.document.walk()}
        for node, key, text, name in self.pending:
            own = self.fields.get(name) if key == "constraint" else None
            try:
                translated = translate(text, self.fields.get, own)
            except Untranslatable as why:
                self.dropped(node, name, key, text, (why.sv, why.en))
                continue
            error = self.document.check_expression(paths[id(node)], key, translated)
            if error is not None:
                self.dropped(node, name, key, text, (error.sv, error.en))
            else:
                node.props[key] = translated
        for entries in self.lists.values():
            for entry in entries:
                entry.pop("_raw", None)

    def dropped(self, node: Node, name: str, key: str, text: str, why: tuple[str, str]) -> None:
        sv, en = why
        if key == "constraint":
            node.props.pop("constraint_message", None)
        what_sv, what_en = {
            "relevant": ("villkoret", "the relevant rule"),
            "constraint": ("kontrollen", "the constraint"),
        }[key]
        self.notes.change(
            name,
            key,
            f"{what_sv} {text!r} kunde inte översättas ({sv}) och togs bort",
            f"{what_en} {text!r} could not be translated ({en}) and was dropped",
        )


def _plain(label: Any) -> str:
    if isinstance(label, dict):
        return " ".join(str(v) for v in label.values())
    return str(label or "")


def import_xlsform(
    data: bytes | str | os.PathLike, source: str = "form.xlsx"
) -> tuple[FormDocument, ImportReport]:
    """A form document from an XLSForm workbook (bytes or a path), and what could not be
    mapped."""
    if not isinstance(data, bytes) and source == "form.xlsx":
        source = PurePath(str(data)).name
    return XlsFormImporter(source).run(read_workbook(data))
