"""Live preview: the form as the registration view renders it, with test answers that drive
the skip logic and computed fields. Nothing entered here is stored."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from isu.domain.answers import Answer
from isu.domain.form import PHASES, FormSpec
from isu.errors import FormError
from isu.formdefs import Evaluation, evaluate_case, load_form_text
from isu.formdefs.document import FormDocument
from isu.ui.dialog_parts import push_button, stretch_row, wrapped_label
from isu.ui.formview.phase_page import PhasePage
from isu.ui.formview.question_row import QuestionRow
from isu.ui.formview.repeat import RepeatGroupEditor


class PreviewPane(QWidget):
    DELAY_MS = 300  # rebuild after typing pauses, not on every key

    def __init__(self, lang: str = "sv", parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = lang
        self.spec: FormSpec | None = None
        self.document: FormDocument | None = None
        self._shown_text = ""
        self.rows: dict[str, QuestionRow] = {}
        self.groups: dict[str, RepeatGroupEditor] = {}
        self.pages: list[PhasePage] = []
        self.evaluation = Evaluation()
        self.status = wrapped_label()
        self.status.setObjectName("previewStatus")
        clear = push_button(self.tr("Clear test answers"), self.clear_answers)
        top = stretch_row(self.status, clear)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(self.DELAY_MS)
        self.timer.timeout.connect(self.rebuild)

    def show_document(self, document: FormDocument, *, now: bool = False) -> None:
        self.document = document
        if now:
            self.timer.stop()
            self.rebuild()
        else:
            self.timer.start()

    def rebuild(self) -> None:
        if self.document is None:
            return
        text = self.document.canonical_yaml()
        if text == self._shown_text:
            return
        try:
            spec = load_form_text(text, "<preview>")
        except FormError as error:
            self.status.setText(
                self.tr(
                    "The form has %1 problem(s); the preview shows the last valid version."
                ).replace("%1", str(len(error.problems)))
            )
            return
        self._shown_text = text
        answers, repeats = self.answers(), self.repeats()
        kept_types = {code: row.question.type for code, row in self.rows.items()}
        self._build(spec)
        for code, answer in answers.items():
            row = self.rows.get(code)
            if row is not None and kept_types.get(code) == row.question.type:
                row.set_answer(answer)
        for code, items in repeats.items():
            if code in self.groups:
                self.groups[code].set_items(items)
        self.status.setText(self.tr("Try the form: answers here are not saved."))
        self.refresh()

    def _build(self, spec: FormSpec) -> None:
        current = self.tabs.currentIndex()
        self.spec = spec
        while self.tabs.count():
            page = self.tabs.widget(0)
            self.tabs.removeTab(0)
            page.deleteLater()
        self.rows, self.groups, self.pages = {}, {}, []
        for name in PHASES:
            phase = spec.phase(name)
            if phase is None:
                continue
            page = PhasePage(spec, phase, self.lang, self.evaluate_item)
            self.pages.append(page)
            self.rows.update(page.rows)
            self.groups.update(page.groups)
            self.tabs.addTab(page, phase.title.get(self.lang))
        for row in self.rows.values():
            row.changed.connect(self.refresh)
        for group in self.groups.values():
            group.changed.connect(self.refresh)
        self.tabs.setCurrentIndex(min(max(current, 0), self.tabs.count() - 1))

    def answers(self) -> dict[str, Answer]:
        return {
            code: answer
            for code, row in self.rows.items()
            if row.question.computed is None and (answer := row.answer()).is_answered
        }

    def repeats(self) -> dict[str, list]:
        return {code: group.items() for code, group in self.groups.items() if group.items()}

    def evaluate_item(self, group_code: str, item: dict, index: int) -> Evaluation:
        repeats = self.repeats()
        items = list(repeats.get(group_code, []))
        items[index : index + 1] = [item]
        repeats[group_code] = items
        assert self.spec is not None
        return evaluate_case(self.spec, self.answers(), repeats, dt.date.today())

    def refresh(self) -> None:
        if self.spec is None:
            return
        evaluation = evaluate_case(self.spec, self.answers(), self.repeats(), dt.date.today())
        self.evaluation = evaluation
        notes: dict[str, str] = {}
        for issue in evaluation.issues:
            # Constraints only: "required" on every empty field would drown what the
            # preview is for (trying the logic); the registration view shows those.
            if issue.repeat is None and issue.kind == "constraint":
                notes.setdefault(issue.code, issue.message.get(self.lang))
        for code, row in self.rows.items():
            row.set_relevant(evaluation.is_relevant(code))
            if row.question.computed is not None:
                row.editor.set_value(evaluation.value(code))
            row.show_warning(row.editor.input_problem or notes.get(code, ""))
        for code, group in self.groups.items():
            group.setVisible(evaluation.relevant.get(code, True))
        for page in self.pages:
            page.update_sections()

    def visible_codes(self) -> list[str]:
        """Questions the preview shows right now (for tests and screen readers)."""
        return [code for code, row in self.rows.items() if not row.isHidden()]

    def clear_answers(self) -> None:
        for row in self.rows.values():
            row.set_answer(Answer())
        for group in self.groups.values():
            group.set_items([])
        self.refresh()
