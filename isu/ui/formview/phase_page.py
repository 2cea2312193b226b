"""One tab of the case view: a phase's sections, questions and repeat groups."""

from __future__ import annotations

import time
from collections.abc import Iterator

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from isu.domain.form import Descriptive, FormSpec, Phase, Question, RepeatGroup
from isu.ui.formview.question_row import QuestionRow
from isu.ui.formview.repeat import EvaluateItem, GroupForm, RepeatGroupEditor

# Case-level facts set through their own actions (the case number at registration, closure
# through "Close case"), so the form shows them read-only.
READ_ONLY_ROLES = ("case_number", "closure_date", "closure_reason")

Item = Question | RepeatGroup | Descriptive


def descriptive_label(item: Descriptive, lang: str, parent: QWidget | None = None) -> QLabel:
    """A descriptive text of the form: shown as plain, wrapped text, with no answer."""
    label = QLabel(item.label.get(lang), parent)
    label.setObjectName("descriptiveText")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # form text is never markup
    label.setAccessibleName(item.code)
    return label


class PhasePage(QScrollArea):
    def __init__(
        self,
        spec: FormSpec,
        phase: Phase,
        lang: str,
        evaluate_item: EvaluateItem,
        parent: QWidget | None = None,
        *,
        lazy: bool = False,
    ):
        """``lazy``: only the title and the summary now; the questions on ``build()``."""
        super().__init__(parent)
        self.phase = phase
        self._spec, self._lang, self._evaluate_item = spec, lang, evaluate_item
        self.built = False
        self._steps: Iterator[None] | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.rows: dict[str, QuestionRow] = {}
        self.groups: dict[str, RepeatGroupEditor] = {}
        self.sections: list[tuple[QGroupBox, list[QWidget]]] = []
        body = QWidget()
        layout = QVBoxLayout(body)
        title = QLabel(phase.title.get(lang))
        title.setObjectName("phaseTitle")
        self.summary = QLabel()
        self.summary.setObjectName("warningSummary")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Warnings in this phase"))
        self.summary.hide()
        layout.addWidget(title)
        layout.addWidget(self.summary)
        self._layout = layout
        self.setWidget(body)
        if not lazy:
            self.build()

    def build(self) -> None:
        """Creates the phase's sections, questions and repeat groups (the rest of them)."""
        self.build_some(None)

    def build_some(self, deadline: float | None) -> bool:
        """Builds items until ``time.perf_counter()`` passes ``deadline`` (at least one item;
        ``None``: all of them). True once the page is complete. Only a page not on screen
        is built in parts, so no one sees a tab half built."""
        if self._steps is None:
            self._steps = self._build_steps()
        for _item in self._steps:
            if deadline is not None and time.perf_counter() >= deadline:
                return False
        self.built = True
        return True

    def _build_steps(self) -> Iterator[None]:
        """Yields after each item. Top-down: each widget gets its parent before its children,
        so adding it to a layout never re-walks a finished subtree for the style sheet
        (reparenting does that); it is polished now, not when the tab is first shown."""
        body = self.widget()
        for section in self.phase.sections:
            box = QGroupBox(section.title.get(self._lang), body)
            box_layout = QVBoxLayout(box)
            members: list[QWidget] = []
            texts: list[QWidget] = []
            for item in section.items:
                widget = self._item_widget(item, box)
                box_layout.addWidget(widget)
                widget.ensurePolished()
                (texts if isinstance(item, Descriptive) else members).append(widget)
                yield
            # A section of text only stays visible; otherwise it follows its questions.
            self.sections.append((box, members or texts))
            self._layout.addWidget(box)
        self._layout.addStretch(1)

    def _item_widget(self, item: Item, box: QGroupBox) -> QWidget:
        if isinstance(item, Descriptive):
            return descriptive_label(item, self._lang, box)
        if isinstance(item, RepeatGroup):
            form = GroupForm(self._spec, item, self._lang, self._evaluate_item)
            group = RepeatGroupEditor(form, box)
            self.groups[item.code] = group
            return group
        read_only = item.role in READ_ONLY_ROLES
        row = QuestionRow(self._spec, item, self._lang, read_only=read_only, parent=box)
        self.rows[item.code] = row
        return row

    def update_sections(self) -> None:
        """A section whose questions are all hidden (not relevant) is hidden too."""
        for box, members in self.sections:
            box.setVisible(any(not member.isHidden() for member in members))

    def show_summary(self, lines: list[str]) -> None:
        if not lines:
            self.summary.hide()
            return
        shown = lines[:8]
        more = len(lines) - len(shown)
        text = self.tr("%1 questions need attention:").replace("%1", str(len(lines)))
        text += "\n• " + "\n• ".join(shown)
        if more:
            text += "\n" + self.tr("…and %1 more").replace("%1", str(more))
        self.summary.setText(text)
        self.summary.show()
