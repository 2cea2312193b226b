"""The property panel: every property of the selected phase, section, question or group.

It never changes the document itself: each edit is sent as ``edit_requested(path, changes,
description)`` and the window turns it into undo commands, so every edit can be undone.
"""

from __future__ import annotations

from typing import Any

import yaml
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from isu.domain.form import CASE_ROLES, GROUP_ROLES, INTERVENTION_ROLES, PrivacyClass
from isu.formdefs.document import (
    FormDocument,
    Node,
    Path,
    default_missing_codes,
    is_code,
    label_text,
)
from isu.ui.dialog_parts import push_button, wrapped_label
from isu.ui.editor.code_names import CodeNames, QuestionTypeNames
from isu.ui.editor.expression_edit import ExpressionEdit

_LABEL_KEYS = {"phase": "title", "section": "title", "group": "label", "question": "label"}
# What a question has that a descriptive text (no answer) cannot have.
_ANSWER_KEYS = (
    "help", "required", "missing", "privacy", "pair", "relevant", "constraint",
    "constraint_message", "role", "need_area", "anchors", "compute", "choices", "min", "max",
)  # fmt: skip
_ROWS = {
    "phase": ("label_sv", "label_en"),
    "section": ("code", "label_sv", "label_en", "relevant"),
    "group": ("code", "label_sv", "label_en", "help_sv", "help_en", "role", "relevant"),
    "question": (
        "code",
        "type",
        "label_sv",
        "label_en",
        "help_sv",
        "help_en",
        "choices",
        "need_area",
        "required",
        "missing",
        "privacy",
        "pair",
        "relevant",
        "constraint",
        "message_sv",
        "message_en",
        "role",
        "renamed_from",
        "min",
        "max",
        "compute",
    ),
}


def label_value(sv: str, en: str) -> Any:
    sv, en = sv.strip(), en.strip()
    if not sv and not en:
        return None
    return {"sv": sv, "en": en} if en else {"sv": sv}


class PropertyPanel(QWidget):
    edit_requested = Signal(object, object, str)  # path, {key: value}, description
    make_list_requested = Signal(object)  # path of a question with an inline list
    show_lists_requested = Signal()

    def __init__(self, lang: str = "sv", parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = lang
        self.document: FormDocument | None = None
        self.path: Path | None = None
        self._loading = False
        self.heading = QLabel()
        self.heading.setObjectName("panelHeading")
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QWidget] = {}
        self._build_fields()
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addStretch(1)

    # -- building --------------------------------------------------------------------------------
    def _line(self, key: str, label: str, commit) -> QLineEdit:
        edit = QLineEdit()
        edit.editingFinished.connect(commit)
        self._add(key, label, edit)
        return edit

    def _add(self, key: str, label: str, widget: QWidget) -> None:
        self.fields[key] = widget
        self.form.addRow(label, widget)

    def _build_fields(self) -> None:
        self.code = self._line("code", self.tr("Code"), self._commit_code)
        self.code_note = wrapped_label()
        self.code_note.setObjectName("codeNote")
        self.form.addRow("", self.code_note)
        self.type = QComboBox()
        for code, name in QuestionTypeNames().names().items():
            self.type.addItem(name, code)
        self.type.activated.connect(self._commit_type)
        self._add("type", self.tr("Type"), self.type)
        self.label_sv = self._line("label_sv", self.tr("Label (Swedish)"), self._commit_label)
        self.label_en = self._line("label_en", self.tr("Label (English)"), self._commit_label)
        self.help_sv = self._line("help_sv", self.tr("Help (Swedish)"), self._commit_help)
        self.help_en = self._line("help_en", self.tr("Help (English)"), self._commit_help)
        self._build_choices()
        self.need_area = QComboBox()
        self.need_area.setToolTip(
            self.tr(
                "The need area (a choice of the intervention focus question) this question"
                " rates. The group summary counts rated needs per area and whether"
                " interventions are aimed at them."
            )
        )
        self.need_area.activated.connect(
            lambda: self._set({"need_area": self.need_area.currentData()}, self.tr("Need area"))
        )
        self._add("need_area", self.tr("Rates need area"), self.need_area)
        self.required = QCheckBox(self.tr("Warn when unanswered"))
        self.required.toggled.connect(
            lambda on: self._set({"required": True if on else None}, self.tr("Required"))
        )
        self._add("required", self.tr("Required"), self.required)
        self._build_missing()
        self.privacy = QComboBox()
        self.privacy.addItem(self.tr("Default"), None)
        privacy_names = CodeNames().privacy()
        for value in PrivacyClass:
            self.privacy.addItem(privacy_names.get(value.value, value.value), value.value)
        self.privacy.activated.connect(
            lambda: self._set({"privacy": self.privacy.currentData()}, self.tr("Privacy class"))
        )
        self._add("privacy", self.tr("Privacy class"), self.privacy)
        self.pair = QComboBox()
        self.pair.activated.connect(
            lambda: self._set({"pair": self.pair.currentData()}, self.tr("Pair"))
        )
        self._add("pair", self.tr("Pair (before question)"), self.pair)
        self.relevant = ExpressionEdit(self.lang)
        self.relevant.committed.connect(
            lambda t: self._set({"relevant": t or None}, self.tr("Skip logic"))
        )
        self._add("relevant", self.tr("Skip logic (shown when)"), self.relevant)
        self.constraint = ExpressionEdit(self.lang)
        self.constraint.line.setPlaceholderText(self.tr("e.g. . >= 0 and . <= 30"))
        self.constraint.committed.connect(
            lambda t: self._set({"constraint": t or None}, self.tr("Constraint"))
        )
        self._add("constraint", self.tr("Constraint"), self.constraint)
        self.message_sv = self._line(
            "message_sv", self.tr("Message (Swedish)"), self._commit_message
        )
        self.message_en = self._line(
            "message_en", self.tr("Message (English)"), self._commit_message
        )
        self.role = QComboBox()
        self.role.activated.connect(
            lambda: self._set({"role": self.role.currentData()}, self.tr("Role"))
        )
        self._add("role", self.tr("Role"), self.role)
        self.renamed_from = self._line(
            "renamed_from", self.tr("Renamed from"), self._commit_renamed
        )
        self.renamed_from.setPlaceholderText(self.tr("earlier codes, separated by commas"))
        self.minimum, self.maximum = QSpinBox(), QSpinBox()
        for key, spin, label in (
            ("min", self.minimum, self.tr("Scale from")),
            ("max", self.maximum, self.tr("Scale to")),
        ):
            spin.setRange(-1000, 1000)
            spin.editingFinished.connect(
                lambda k=key, s=spin, t=label: self._set({k: s.value()}, t)
            )
            self._add(key, label, spin)
        self.compute = self._line("compute", self.tr("Computation"), self._commit_compute)
        self.compute.setPlaceholderText("{kind: sum, items: [a, b]}")

    def _build_choices(self) -> None:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.choices = QComboBox()
        self.choices.activated.connect(self._commit_choices)
        self.make_list = push_button(
            self.tr("Make reusable"), lambda: self.make_list_requested.emit(self.path)
        )
        edit_lists = push_button(self.tr("Edit lists…"), self.show_lists_requested.emit)
        row.addWidget(self.choices, 1)
        row.addWidget(self.make_list)
        row.addWidget(edit_lists)
        self._add("choices", self.tr("Choices"), box)

    def _build_missing(self) -> None:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        self.missing_default = QCheckBox(self.tr("All of the form's missing reasons"))
        self.missing_default.toggled.connect(self._commit_missing)
        self.missing = QListWidget()
        self.missing.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        self.missing.itemChanged.connect(self._commit_missing)
        column.addWidget(self.missing_default)
        column.addWidget(self.missing)
        self._add("missing", self.tr("Missing reasons"), box)

    # -- showing a node --------------------------------------------------------------------------
    def load(self, document: FormDocument, path: Path | None) -> None:
        self.document, self.path = document, path
        self._loading = True
        try:
            if path is None:
                self.heading.setText(self.tr("Select an item in the tree."))
                for key in self.fields:
                    self.form.setRowVisible(self.fields[key], False)
                self.form.setRowVisible(self.code_note, False)
                return
            node = document.node(path)
            self.heading.setText(self._heading(node))
            visible = self._visible_rows(node, path)
            for key, widget in self.fields.items():
                self.form.setRowVisible(widget, key in visible)
            self._fill(document, path, node)
        finally:
            self._loading = False

    def _heading(self, node: Node) -> str:
        kinds = {
            "phase": self.tr("Phase"),
            "section": self.tr("Section"),
            "group": self.tr("Repeat group"),
            "question": self.tr("Question"),
        }
        return f"<b>{kinds[node.kind]}</b> {node.code}"

    def _visible_rows(self, node: Node, path: Path) -> set[str]:
        rows = set(_ROWS[node.kind])
        if node.kind != "question":
            return rows
        qtype = node.props.get("type")
        if qtype == "descriptive":  # a text block: its text (the label) is all it has
            return {"code", "type", "label_sv", "label_en"}
        if qtype not in ("single", "multiple"):
            rows.discard("choices")
        if qtype != "single" or len(path) > 3:
            rows.discard("need_area")  # needs are rated once per case, on a single choice
        if qtype != "scale":
            rows -= {"min", "max"}
        if qtype != "computed":
            rows.discard("compute")
        else:
            rows -= {"required", "missing", "constraint", "message_sv", "message_en"}
        return rows

    def _fill(self, document: FormDocument, path: Path, node: Node) -> None:
        props = node.props
        self.code.setText(node.code)
        self._show_code_note(node)
        self.type.setCurrentIndex(self.type.findData(str(props.get("type", ""))))
        label = props.get(_LABEL_KEYS[node.kind])
        self.label_sv.setText(label_text(label, "sv"))
        self.label_en.setText(label.get("en", "") if isinstance(label, dict) else "")
        self._fill_pair(self.help_sv, self.help_en, props.get("help"))
        self._fill_pair(self.message_sv, self.message_en, props.get("constraint_message"))
        self.required.setChecked(bool(props.get("required")))
        self._fill_choices(document, props.get("choices"))
        areas = _focus_names(document, self.lang)
        self._fill_combo(self.need_area, list(areas), props.get("need_area"), areas)
        self._fill_missing(document, props.get("missing"))
        self.privacy.setCurrentIndex(max(0, self.privacy.findData(props.get("privacy"))))
        befores = {
            n.code: _code_and_label(n, self.lang) for p, n in document.questions() if p[0] == 1
        }
        self._fill_combo(self.pair, list(befores), props.get("pair"), befores)
        roles = list(GROUP_ROLES) if node.kind == "group" else [*CASE_ROLES, *INTERVENTION_ROLES]
        self._fill_combo(self.role, roles, props.get("role"), CodeNames().roles())
        codes = document.visible_codes(path)
        for key, edit in (("relevant", self.relevant), ("constraint", self.constraint)):
            edit.set_context(codes, lambda text, k=key: document.check_expression(path, k, text))
            edit.set_text(str(props.get(key) or ""))
        renamed = props.get("renamed_from") or []
        self.renamed_from.setText(", ".join(map(str, renamed)) if isinstance(renamed, list) else "")
        self.minimum.setValue(int(props.get("min") or 0))
        self.maximum.setValue(int(props.get("max") or 0))
        compute = props.get("compute")
        self.compute.setText(_flow(compute) if compute else "")

    def _show_code_note(self, node: Node) -> None:
        text = ""
        if node.origin_code and node.origin_code != node.code:
            text = self.tr(
                "Was %1 when opened. Publishing offers to record the rename, so stored"
                " answers follow."
            ).replace("%1", node.origin_code)
        self.code_note.setText(text)
        self.form.setRowVisible(self.code_note, bool(text))

    @staticmethod
    def _fill_pair(sv: QLineEdit, en: QLineEdit, value: Any) -> None:
        sv.setText(label_text(value, "sv"))
        en.setText(value.get("en", "") if isinstance(value, dict) else "")

    def _fill_combo(
        self,
        combo: QComboBox,
        values: list[str],
        current: Any,
        names: dict[str, str] | None = None,
    ) -> None:
        """``values`` shown by their ``names`` (the code itself when it has none)."""
        combo.clear()
        combo.addItem(self.tr("(none)"), None)
        for value in values:
            combo.addItem((names or {}).get(value, value), value)
        if current and combo.findData(current) < 0:
            combo.addItem(str(current), current)
        combo.setCurrentIndex(max(0, combo.findData(current)))

    def _fill_choices(self, document: FormDocument, choices: Any) -> None:
        self.choices.clear()
        for list_id, entries in document.choice_lists.items():
            self.choices.addItem(f"{list_id} ({len(entries)})", list_id)
        inline = isinstance(choices, list)
        if inline:
            self.choices.addItem(
                self.tr("Own list (%1 choices)").replace("%1", str(len(choices))), ""
            )
            self.choices.setCurrentIndex(self.choices.count() - 1)
        else:
            self.choices.setCurrentIndex(self.choices.findData(choices))
        self.make_list.setVisible(inline)

    def _fill_missing(self, document: FormDocument, missing: Any) -> None:
        codes = [
            str(m.get("code"))
            for m in document.header.get("missing_codes") or default_missing_codes()
            if isinstance(m, dict)
        ]
        self.missing_default.setChecked(missing is None)
        self.missing.clear()
        names = _missing_names(document, self.lang)
        for code in codes:
            item = QListWidgetItem(names.get(code, code))
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = missing is None or (isinstance(missing, list) and code in missing)
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.missing.addItem(item)
        self.missing.setEnabled(missing is not None)

    # -- committing ------------------------------------------------------------------------------
    def node(self) -> Node | None:
        if self.document is None or self.path is None:
            return None
        return self.document.node(self.path)

    def _set(self, changes: dict[str, Any], description: str) -> None:
        node = self.node()
        if self._loading or node is None:
            return
        real = {k: v for k, v in changes.items() if node.props.get(k) != v}
        if real:
            self.edit_requested.emit(self.path, real, description)

    def _commit_code(self) -> None:
        text = self.code.text().strip()
        node = self.node()
        if node is None or text == node.code:
            return
        if not is_code(text):
            self.code_note.setText(
                self.tr(
                    "A code is lower-case a–z, digits and _, starting with a letter (at most 60)."
                )
            )
            self.form.setRowVisible(self.code_note, True)
            return
        self._set({"code": text}, self.tr("Code"))

    def _commit_type(self) -> None:
        node = self.node()
        qtype = self.type.currentData()
        if node is None or self.document is None or qtype == node.props.get("type"):
            return
        changes: dict[str, Any] = {"type": qtype}
        has_choices = qtype in ("single", "multiple")
        if has_choices and not node.props.get("choices"):
            first = next(iter(self.document.choice_lists), None)
            changes["choices"] = first or [{"code": "a", "label": "A"}, {"code": "b", "label": "B"}]
        if not has_choices:
            changes["choices"] = None
        if qtype != "single":
            changes["need_area"] = None  # only a single-choice question can rate a need
        changes.update({"min": 1, "max": 5} if qtype == "scale" else {"min": None, "max": None})
        if qtype == "descriptive":  # no answer: nothing about answers stays
            for key in _ANSWER_KEYS:
                changes.setdefault(key, None)
        if qtype == "computed":
            changes.update(
                {
                    "compute": {"kind": "sum", "items": []},
                    "required": None,
                    "missing": None,
                    "constraint": None,
                }
            )
        else:
            changes["compute"] = None
        self._set(changes, self.tr("Type"))

    def _commit_label(self) -> None:
        node = self.node()
        if node is not None:
            key = _LABEL_KEYS[node.kind]
            self._set(
                {key: label_value(self.label_sv.text(), self.label_en.text())}, self.tr("Label")
            )

    def _commit_help(self) -> None:
        self._set(
            {"help": label_value(self.help_sv.text(), self.help_en.text())}, self.tr("Help text")
        )

    def _commit_message(self) -> None:
        value = label_value(self.message_sv.text(), self.message_en.text())
        self._set({"constraint_message": value}, self.tr("Constraint message"))

    def _commit_choices(self) -> None:
        list_id = self.choices.currentData()
        if list_id:
            self._set({"choices": list_id}, self.tr("Choices"))

    def _commit_missing(self) -> None:
        if self._loading:
            return
        if self.missing_default.isChecked():
            self._set({"missing": None}, self.tr("Missing reasons"))
            return
        chosen = [
            self.missing.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.missing.count())
            if self.missing.item(i).checkState() == Qt.CheckState.Checked
        ]
        node = self.node()
        if node is not None and node.props.get("missing") != chosen:
            # [] (no missing reason allowed) is a value of its own, so not sent through _set.
            self.edit_requested.emit(self.path, {"missing": chosen}, self.tr("Missing reasons"))

    def _commit_renamed(self) -> None:
        codes = [c.strip() for c in self.renamed_from.text().split(",") if c.strip()]
        self._set({"renamed_from": codes or None}, self.tr("Renamed from"))

    def _commit_compute(self) -> None:
        text = self.compute.text().strip()
        try:
            value = yaml.safe_load(text) if text else None
        except yaml.YAMLError:
            value = text  # kept as text: the form check then explains what is wrong
        self._set({"compute": value}, self.tr("Computation"))


def _focus_codes(document: FormDocument) -> list[str]:
    """The need areas: the choices of the question with role intervention_focus."""
    return list(_focus_names(document, "sv"))


def _focus_names(document: FormDocument, lang: str) -> dict[str, str]:
    """The need areas by code, with their labels."""
    focus = next(
        (n for _, n in document.questions() if n.props.get("role") == "intervention_focus"), None
    )
    if focus is None:
        return {}
    choices = focus.props.get("choices")
    entries = document.choice_lists.get(choices) if isinstance(choices, str) else choices
    labels = {
        str(c.get("code")): label_text(c.get("label"), lang) or str(c.get("code"))
        for c in entries or []
        if isinstance(c, dict)
    }
    return {code: labels.get(code, code) for code in document.choice_codes(focus)}


def _missing_names(document: FormDocument, lang: str) -> dict[str, str]:
    entries = document.header.get("missing_codes") or default_missing_codes()
    return {
        str(m.get("code")): label_text(m.get("label"), lang) or str(m.get("code"))
        for m in entries
        if isinstance(m, dict)
    }


def _code_and_label(node: Node, lang: str) -> str:
    label = label_text(node.props.get("label"), lang)
    return f"{node.code} – {label}" if label else node.code


def _flow(value: Any) -> str:
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000).strip()
