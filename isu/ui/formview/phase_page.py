"""One tab of the case view: a phase's sections, questions and repeat groups."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from isu.domain.form import Descriptive, FormSpec, Phase, RepeatGroup
from isu.ui.formview.question_row import QuestionRow
from isu.ui.formview.repeat import EvaluateItem, RepeatGroupEditor

# Case-level facts set through their own actions (the case number at registration, closure
# through "Close case"), so the form shows them read-only.
READ_ONLY_ROLES = ("case_number", "closure_date", "closure_reason")


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
        """Creates the phase's sections, questions and repeat groups (once)."""
        if self.built:
            return
        self.built = True
        spec, lang, evaluate_item, layout = (
            self._spec,
            self._lang,
            self._evaluate_item,
            self._layout,
        )
        # Top-down: each widget gets its parent before its children, so adding it to a layout
        # never re-walks a finished subtree for the style sheet (reparenting does that).
        body = self.widget()
        for section in self.phase.sections:
            box = QGroupBox(section.title.get(lang), body)
            box_layout = QVBoxLayout(box)
            members: list[QWidget] = []
            texts: list[QWidget] = []
            for item in section.items:
                widget: QWidget
                if isinstance(item, Descriptive):
                    widget = descriptive_label(item, lang, box)
                    box_layout.addWidget(widget)
                    texts.append(widget)
                    continue
                if isinstance(item, RepeatGroup):
                    widget = RepeatGroupEditor(spec, item, lang, evaluate_item, box)
                    self.groups[item.code] = widget
                else:
                    widget = QuestionRow(
                        spec, item, lang, read_only=item.role in READ_ONLY_ROLES, parent=box
                    )
                    self.rows[item.code] = widget
                box_layout.addWidget(widget)
                members.append(widget)
            # A section of text only stays visible; otherwise it follows its questions.
            self.sections.append((box, members or texts))
            layout.addWidget(box)
        layout.addStretch(1)

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
